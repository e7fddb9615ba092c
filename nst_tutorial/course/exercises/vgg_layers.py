"""Exercise vgg_layers (notebook 03): a model from VGG19's input to some of its layers.

The answer is a model, not an array: the check runs it on one image and
compares its outputs, layer by layer, with those of the package's vgg_layers.
"""

from __future__ import annotations

import contextlib
import io

import keras

from ...base.language import tr
from ...runs.weights import load_vgg19
from ...tutorial.features import preprocess, vgg_layers
from .checking import Case, Exercise, Mistake, Run, check, describe, draw, register, uniform

OUTPUTS = "outputs = [vgg.get_layer(name).output for name in layer_names]"


CONV_LAYERS = [f"block{b}_conv{c}" for b, n in zip(range(1, 6), (2, 2, 4, 4, 4))
               for c in range(1, n + 1)]


def cases(rng=None):
    """Layer names and the input the models run on; the right answer is the package's
    vgg_layers model (built when needed). The learner's function gets the names only."""
    if rng is None:
        names, x = ["block1_conv1", "block3_conv1"], preprocess(uniform([1, 32, 32, 3], seed=40))
    else:  # three layers, not in the network's order, and a small image
        names = [str(n) for n in rng.choice(CONV_LAYERS, 3, replace=False)]
        names = names if names != sorted(names) else names[::-1]
        side = int(rng.integers(16, 21))
        x = preprocess(draw(rng, [1, side, side, 3]))
    yield Case((names, x), lambda layer_names: vgg_layers(layer_names, load_vgg19()))


def outputs(model, x) -> list:
    """What ``model`` gives for ``x``, as a list of tensors."""
    out = model(x)
    return list(out) if isinstance(out, (list, tuple)) else [out]


def model_of(names, vgg=None, attribute="output"):
    """A model to the named layers of ``vgg`` (default: the course's), their output or input."""
    vgg = load_vgg19() if vgg is None else vgg
    return keras.Model([vgg.input], [getattr(vgg.get_layer(n), attribute) for n in names])


def judge(run: Run, case: Case) -> None:
    """Call the learner's function, check it returns a model, and compare the model's outputs."""
    names, x = case.args
    model = run.returned(run.call(list(names)))
    if isinstance(model, (list, tuple, dict)) or not callable(model):
        run.fail(tr("your function returned {what}, not a model.", what=describe(model)),
                 tr("Wrap the outputs in a model: keras.Model([vgg.input], outputs)."))
    got = run.call(x, what=model)
    with contextlib.redirect_stdout(io.StringIO()):  # the one-time weights note is not the check's
        want = [w.numpy() for w in outputs(case.want(names), x)]
    if isinstance(got, dict):
        run.fail(tr("your model returns {what}, expected a list of {n} tensors.",
                    what=describe(got), n=len(want)), OUTPUTS)
    got = [run.read(g, want[0].shape) for g in (got if isinstance(got, (list, tuple)) else [got])]

    def hint():
        return run.exercise.hint_for(got, want, lambda mistake: outputs(mistake.answer(names), x))

    if len(got) != len(want):
        run.fail(tr("your model returns {n} output(s), expected {expected}, one per layer name.",
                    n=len(got), expected=len(want)), hint())
    if [g.shape for g in got] != [w.shape for w in want]:
        run.fail(tr("output shapes {shapes}, expected {expected}.",
                    shapes=[list(g.shape) for g in got], expected=[list(w.shape) for w in want]),
                 hint())
    for layer, g, w in zip(names, got, want):
        run.compare(g, w, hint, what=tr("the activations of {layer}", layer=layer))


EXERCISE = register(Exercise(
    name="vgg_layers",
    notebook="03_inside_the_network",
    params="layer_names",
    summary="a model from VGG19's input to the named layers' activations, in the order given.",
    solution='''\
vgg = nst.load_vgg19(include_top=False)
vgg.trainable = False
outputs = [vgg.get_layer(name).output for name in layer_names]
return keras.Model([vgg.input], outputs)
''',
    cases=cases,
    judge=judge,
    mistakes=[
        Mistake("Build a new model that stops at the named layers, not VGG19 itself: "
                f"{OUTPUTS}, then keras.Model([vgg.input], outputs).",
                lambda names: load_vgg19(), like="shape"),
        Mistake("Keep the order of layer_names: one output per name, in that order.",
                lambda names: model_of(names[::-1]), like="shape"),
        Mistake("Take each layer's .output, not its .input.",
                lambda names: model_of(names, attribute="input"), like="shape"),
        # Last: any other model with the right outputs' shapes.
        Mistake("Build the model on nst.load_vgg19(), which has the course's weights; a new "
                "keras.applications.VGG19 has weights of its own.",
                lambda names: model_of(names, keras.applications.VGG19(include_top=False,
                                                                      weights=None)),
                like="shape"),
    ],
    hint=f"{OUTPUTS}, then keras.Model([vgg.input], outputs).",
    atol=1e-3,
    answers=("nst.vgg_layers", "nst.StyleContentModel"),
    # The graded cell builds the reference itself, on the weights that grade (they differ
    # between machines): a model to the named layers of the package's VGG19.
    hidden_call='''\
def _call(fn, names, x):
    out = fn(list(names))(x)
    return [_np.asarray(o) for o in (out if isinstance(out, (list, tuple)) else [out])]
''',
    hidden_want='''\
def _want(names, x):
    vgg = importlib.import_module("nst_tutorial.runs.weights").load_vgg19()
    model = _keras.Model([vgg.input], [vgg.get_layer(name).output for name in names])
    return [_np.asarray(o) for o in model(x)]
''',
))


def check_vgg_layers(fn) -> None:
    """Check your ``my_vgg_layers`` (notebook 03) and print one line."""
    check(EXERCISE, fn)
