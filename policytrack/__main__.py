from policytrack.cli import main

main()
