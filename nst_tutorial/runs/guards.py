"""Guards of a run: loss weights that make sense, and losses that stay finite.

:func:`check_weights` refuses weights that cannot give a picture (negative,
not finite, all zero, a style layer the run does not have) before anything is
computed. :func:`non_finite_message` explains a loss or an image that became
NaN or infinite: which component, and which setting to lower.
"""

from __future__ import annotations

import math

import numpy as np

from ..base.errors import SettingsError
from ..tutorial.losses import CONTENT_WEIGHT, STYLE_WEIGHT, TOTAL_VARIATION_WEIGHT
from ..tutorial.training import LEARNING_RATE

#: The tutorial's values, quoted in messages.
TUTORIAL = {
    "style_weight": STYLE_WEIGHT, "content_weight": CONTENT_WEIGHT,
    "total_variation_weight": TOTAL_VARIATION_WEIGHT, "learning_rate": LEARNING_RATE,
}


def _is_finite_number(value) -> bool:
    return (isinstance(value, (int, float, np.integer, np.floating))
            and not isinstance(value, bool) and math.isfinite(value))


def check_learning_rate(learning_rate) -> None:
    """Raise :class:`SettingsError` unless ``learning_rate`` is a finite number above 0."""
    if not _is_finite_number(learning_rate) or learning_rate <= 0:
        raise SettingsError(
            f"learning_rate={learning_rate!r}: use a finite number above 0 "
            f"(the tutorial's is {TUTORIAL['learning_rate']:g})."
        )


def check_weights(
    style_weight, content_weight, total_variation_weight,
    style_layer_weights: dict | None = None, style_layers=(),
) -> None:
    """Raise :class:`SettingsError` for loss weights that make no sense, saying why.

    Loss weights must be finite and 0 or more, not all zero;
    ``style_layer_weights`` (``{layer: weight}``) may only name layers of
    ``style_layers``, each weight finite and 0 or more.
    """
    given = {"style_weight": style_weight, "content_weight": content_weight,
             "total_variation_weight": total_variation_weight}
    for name, value in given.items():
        if not _is_finite_number(value) or value < 0:
            raise SettingsError(
                f"{name}={value!r}: a loss weight must be a finite number, 0 or more "
                f"(the tutorial's is {TUTORIAL[name]:g})."
            )
    layer_weights = dict(style_layer_weights or {})
    unknown = [name for name in layer_weights if name not in style_layers]
    if unknown:
        raise SettingsError(
            f"style_layer_weights: {', '.join(map(repr, unknown))} is not a style layer of this "
            f"run. Valid names are: {', '.join(style_layers)}. (To use another VGG19 layer, "
            "pass extractor=StyleContentModel(style_layers=[...]).)"
        )
    for name, value in layer_weights.items():
        if not _is_finite_number(value) or value < 0:
            raise SettingsError(
                f"style_layer_weights[{name!r}]={value!r}: a layer weight must be a finite "
                "number, 0 or more (1 is the tutorial's)."
            )
    style_on = style_weight > 0 and any(layer_weights.get(n, 1.0) > 0 for n in style_layers)
    if not (style_on or content_weight > 0 or total_variation_weight > 0):
        raise SettingsError(
            "The loss weights are all zero (style_weight, or every style layer weight, "
            "content_weight and total_variation_weight): the image would never change. "
            f"The tutorial's are {STYLE_WEIGHT:g}, {CONTENT_WEIGHT:g} and "
            f"{TOTAL_VARIATION_WEIGHT:g}."
        )


def _setting_for(component: str) -> str:
    if component == "content":
        return "content_weight"
    if component == "total_variation":
        return "total_variation_weight"
    return "style_weight"


def non_finite_message(
    step: int, losses: dict, image_finite: bool, last_good: dict, settings_now: dict,
    *, gradient_finite: bool = True,
) -> str:
    """What went wrong in ``step`` and what to change, for :class:`NumericalError`.

    ``losses`` are the step's losses (some NaN or infinite); ``image_finite``
    says whether the image they were computed on was still finite;
    ``last_good`` is the last record with finite losses (or ``{}``);
    ``settings_now`` maps ``style_weight``, ``content_weight``,
    ``total_variation_weight`` and (for Adam) ``learning_rate`` to their values.
    ``gradient_finite=False`` with finite losses: the step's gradient overflowed
    (L-BFGS checks it before it moves the image).
    """
    if image_finite and not gradient_finite and all(map(math.isfinite, losses.values())):
        parts = {k: v for k, v in losses.items()
                 if k.startswith("style/") or k in ("content", "total_variation")}
        top = max(parts, key=parts.get) if parts else None
        what = "the gradient of the loss is not a finite number: it overflowed"
        if top is not None:
            what += f" (the largest loss component is {top} = {parts[top]:.3g})"
        culprits = [top] if top else []
        back = f"before step {step}"
    elif image_finite:
        bad = [k for k, v in losses.items() if not math.isfinite(v)]
        what = "the loss is not a finite number: " + ", ".join(f"{k} = {losses[k]}" for k in bad)
        culprits = [k for k in bad if k != "total"]
        back = f"before step {step}"
    else:
        parts = {k: v for k, v in last_good.items()
                 if k.startswith("style/") or k in ("content", "total_variation")}
        top = max(parts, key=parts.get) if parts else None
        what = f"the image became NaN in step {step - 1}'s update: its gradient overflowed"
        if top is not None:
            what += f" (the largest loss component was {top} = {parts[top]:.3g})"
        culprits = [top] if top else []
        back = f"before step {step - 1}"
    knobs = sorted({_setting_for(c) for c in culprits}) or [
        "style_weight", "content_weight", "total_variation_weight"]
    if not image_finite and "learning_rate" in settings_now:
        knobs.append("learning_rate")  # a large step can also overflow; an infinite loss cannot
    advice = [f"{k} (now {settings_now[k]:g})" for k in knobs]
    advice = ", ".join(advice[:-1]) + " or " + advice[-1] if len(advice) > 1 else advice[0]
    return (
        f"Step {step}: {what}. Lower {advice}, then run again. The image is back to the "
        f"last finite one ({back}); best_image is kept."
    )
