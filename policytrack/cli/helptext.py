"""Help that reads like a manual: names in capitals, never Python types.

Typer prints ``--alias <list[str]>`` and ``{slug}``; this rewrites every
parameter of the command tree once, when it is built: an option without a
metavar gets its name in capitals (a choice lists its values), an argument
shows its name alone.
"""

from __future__ import annotations


def tidy(command) -> None:
    """Rewrite the help of ``command``'s parameters, and of every command under it."""
    for param in getattr(command, "params", ()):
        try:
            if getattr(param, "param_type_name", "") == "argument":
                _tidy_argument(param)
            elif not getattr(param, "is_flag", False) and not getattr(param, "count", False):
                _tidy_option(param)
        except AttributeError:  # another Typer: its own rendering is less tidy, never wrong
            pass
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)


def _metavar(param) -> str:
    return (param.name or "value").upper().replace("-", "_")


def _tidy_option(param) -> None:
    if param.metavar is not None:
        return
    descriptor = getattr(param, "type_descriptor", None)
    choices = descriptor.choices if descriptor is not None and descriptor.is_choice else getattr(
        getattr(param, "type", None), "choices", None
    )
    param.metavar = "|".join(str(getattr(c, "value", c)) for c in choices) if choices else _metavar(param)


def _tidy_argument(param) -> None:
    if param.metavar is None:
        param.metavar = _metavar(param)
    param.display_type_rich = lambda ctx=None: None
    name = param.metavar
    usage = name if param.required else f"[{name}]"
    if param.nargs != 1:
        usage += "..."
    param._usage_display_name = lambda: usage
