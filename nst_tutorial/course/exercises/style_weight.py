"""Exercise style_weight (notebook 06): the style weight that gives the style term a chosen share.

The learner derives the weight from the plain distances: the weighted style
term is to be ``share`` of the whole loss, so the content term is the rest.
"""

from __future__ import annotations

from .checking import Case, Exercise, Mistake, check, register


def right(style_distance, content_distance, content_weight, share):
    """w d_s = share (w d_s + w_c d_c)  =>  w = share / (1 - share) * w_c d_c / d_s."""
    return share / (1 - share) * content_weight * content_distance / style_distance


def cases(rng=None):
    """Distances, content weight and share; the right answer is worked out by hand."""
    if rng is None:
        calls = [(5e6, 250.0, 1e4, 0.5), (8e5, 1e3, 1e4, 0.8)]
    else:  # distances and weights of any size, shares away from one half
        calls = [(float(10 ** rng.uniform(3, 8)), float(10 ** rng.uniform(0, 4)),
                  float(10 ** rng.uniform(2, 5)), float(share))
                 for share in (rng.uniform(0.05, 0.35), rng.uniform(0.65, 0.95))]
    for args in calls:
        yield Case(args, right(*args))


EXERCISE = register(Exercise(
    name="style_weight",
    notebook="06_gradient_descent",
    params="style_distance, content_distance, content_weight, share",
    summary="the style weight that makes the weighted style term `share` of the whole loss.",
    solution='''\
# style = share * (style + content), so style = share / (1 - share) * content
content_term = content_weight * content_distance
return share / (1 - share) * content_term / style_distance
''',
    cases=cases,
    mistakes=[
        Mistake("share is a part of the whole loss, not a ratio to the content term: with a "
                "share of 0.8 the style term is 0.8 of the total and the content term the other "
                "0.2, so the style term is 4 times the content term.",
                lambda sd, cd, cw, share: share * cw * cd / sd),
        Mistake("The larger the share, the larger the style weight: share / (1 - share), not "
                "(1 - share) / share.",
                lambda sd, cd, cw, share: (1 - share) / share * cw * cd / sd),
        Mistake("The style weight multiplies the style distance, so the style distance goes "
                "below the line.",
                lambda sd, cd, cw, share: share / (1 - share) * cw * sd / cd),
        Mistake("The content term is weighted too: content_weight * content_distance.",
                lambda sd, cd, cw, share: share / (1 - share) * cd / sd),
    ],
    hint="Write the weighted style term as share times the sum of both weighted terms, and "
         "solve for the style weight.",
    returns="number",
    many="Return one number, the style weight.",
    rtol=1e-6, atol=0,
))


def check_style_weight(fn) -> None:
    """Check your ``my_style_weight`` (notebook 06) and print one line."""
    check(EXERCISE, fn)
