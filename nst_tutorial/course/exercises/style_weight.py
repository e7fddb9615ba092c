"""Exercise style_weight (notebook 06): the style weight that gives a chosen balance."""

from __future__ import annotations

from .checking import Case, Exercise, Mistake, check, register


def cases(hidden: bool):
    """Distances, content weight and balance; the right answer is worked out by hand."""
    calls = [(3.2e5, 75.0, 1e3, 0.25), (1.0, 1.0, 1.0, 10.0)] if hidden else \
        [(5e6, 250.0, 1e4, 1.0), (8e5, 1e3, 1e4, 3.0)]
    for style_distance, content_distance, content_weight, balance in calls:
        yield Case((style_distance, content_distance, content_weight, balance),
                   balance * content_weight * content_distance / style_distance)


EXERCISE = register(Exercise(
    name="style_weight",
    notebook="06_gradient_descent",
    params="style_distance, content_distance, content_weight, balance",
    summary="the style weight that makes the weighted style loss `balance` times the content "
            "loss.",
    solution='''\
# style_weight * style_distance = balance * (content_weight * content_distance)
return balance * content_weight * content_distance / style_distance
''',
    cases=cases,
    mistakes=[
        Mistake("Solve style_weight * style_distance = balance * content_weight * "
                "content_distance for style_weight: the style distance goes below the line.",
                lambda sd, cd, cw, balance: balance * cw * sd / cd),
        Mistake("The content side is weighted too: multiply by content_weight.",
                lambda sd, cd, cw, balance: balance * cd / sd),
        Mistake("Multiply by balance, don't divide: a balance of 3 makes the style term three "
                "times the content term.",
                lambda sd, cd, cw, balance: cw * cd / (sd * balance)),
        Mistake("Multiply by balance: it says how many times the content term the style term is.",
                lambda sd, cd, cw, balance: cw * cd / sd),
    ],
    hint="style_weight = balance * content_weight * content_distance / style_distance.",
    returns="number",
    many="Return one number, the style weight.",
    rtol=1e-6, atol=0,
))


def check_style_weight(fn, *, hidden: bool = False) -> None:
    """Check your ``my_style_weight`` (notebook 06) and print one line.

    ``hidden=True`` runs the instructor's hidden tests instead.
    """
    check(EXERCISE, fn, hidden=hidden)
