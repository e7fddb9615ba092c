"""The course's exercises: a check for each, and its solution on request.

Each exercise is a function you write, ``my_<name>``, in a cell of its own.
The cell under it is the exercise's check (graded when an instructor uses
nbgrader)::

    nst.exercises.check_paper_style_loss(my_paper_style_loss)

The check calls your function on small test inputs, compares what it returns
with the reference and prints **one line**: ✅ when it matches; ❌ and a hint
that fits the mistake when it does not; ✏️ while the function is still the
stub. For a learner it never raises, whatever your function returns or
raises, and it returns ``None`` (so a cell shows no ``True`` or ``False``
after the line). Later cells use the package's own functions, so an exercise
never blocks the rest of a notebook.

Under nbgrader (``nbgrader autograde`` and ``nbgrader validate`` set the
environment variable ``NBGRADER_EXECUTION``) a check that does not pass prints
its line and then raises :class:`~nst_tutorial.base.errors.ExerciseNotPassed`, an
``AssertionError``: the graded cell scores 0.

``solution("paper_style_loss")`` prints an exercise's solution once you have made
your attempt; ``solution()`` lists the exercises. ``judge(name, fn)`` gives
the verdict as an object instead of a printed line (the course's tests use it).

While a check runs, the library functions that are an exercise's answer (its
``answers``: ``tf.image.sobel_edges`` for ``sobel_x``...) do not count: a
function that calls one gets ❌ and one line asking for its own code.
Under nbgrader the instructor's hidden tests do not go through these checks
at all: see :mod:`.grading`.

Each exercise is one module of this folder (``gram_matrix.py``...): its
function's signature, its solution, the inputs of its check and its typical
mistakes with their hints, and its ``check_<name>``. :mod:`.checking` is the
harness they share. Adding an exercise is a new module, one import line below
(its place gives the course order), and its cells in the notebook.
"""

from .checking import (
    EXERCISES, FAIL, PASS, TODO, Case, Exercise, Mistake, Verdict, grading, judge, solution,
)

# One line per exercise, in course order.
from .resize_to_max_dim import check_resize_to_max_dim  # 01
from .grayscale import check_grayscale  # 01
from .deprocess import check_deprocess  # 02
from .vgg_layers import check_vgg_layers  # 03
from .silent_channels import check_silent_channels  # 03
from .paper_style_loss import check_paper_style_loss  # 04
from .layer_shape import check_layer_shape  # 05
from .style_content_loss import check_style_content_loss  # 06
from .style_weight import check_style_weight  # 06
from .train_step import check_train_step  # 07
from .sobel_x import check_sobel_x  # 07
from .with_colors_of import check_with_colors_of  # 08
from .mean_std_loss import check_mean_std_loss  # 09

__all__ = [
    "EXERCISES", "FAIL", "PASS", "TODO", "Case", "Exercise", "Mistake", "Verdict", "grading",
    "judge", "solution",
    "check_resize_to_max_dim", "check_grayscale", "check_deprocess", "check_vgg_layers",
    "check_silent_channels", "check_paper_style_loss", "check_layer_shape",
    "check_style_content_loss", "check_style_weight", "check_train_step",
    "check_sobel_x", "check_with_colors_of", "check_mean_std_loss",
]
