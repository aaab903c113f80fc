"""Model text for fit_pls from the (paths, blocks, modes) the reference scripts list."""


def model_text(paths, blocks: dict, modes: dict | None = None) -> str:
    modes = modes or {}
    lines = [f"{c} {'<~' if modes.get(c, 'A') == 'B' else '=~'} {' + '.join(v)}" for c, v in blocks.items()]
    targets = list(dict.fromkeys(t for _, t in paths))
    lines += [f"{t} ~ {' + '.join(s for s, u in paths if u == t)}" for t in targets]
    return "\n".join(lines)
