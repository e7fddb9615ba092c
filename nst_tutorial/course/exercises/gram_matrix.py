"""Exercise gram_matrix (notebook 04): the Gram matrices of a batch of activations."""

from __future__ import annotations

import tensorflow as tf

from ...tutorial.losses import gram_matrix
from .checking import Case, Exercise, Mistake, check, register, uniform

POSITIONS = ("Sum over the positions i, j: the result is channels x channels, "
             "tf.linalg.einsum('bijc,bijd->bcd', x, x).")
BOTH_SIDES = "Divide by both the height and the width: H * W positions."


def cases(hidden: bool):
    """Random activations; the right answer is the package's gram_matrix."""
    x = uniform([2, 3, 7, 5] if hidden else [1, 6, 5, 4], seed=70 if hidden else 60)
    yield Case((x,), gram_matrix(x))


def sums(x):
    """The Gram matrices before the division: [B, C, C]."""
    return tf.linalg.einsum("bijc,bijd->bcd", x, x)


def flat(x):
    """The activations as [B, H * W, C]."""
    return tf.reshape(x, [x.shape[0], -1, x.shape[-1]])


EXERCISE = register(Exercise(
    name="gram_matrix",
    notebook="04_gram_matrices",
    params="input_tensor",
    summary="activations [B, H, W, C] -> Gram matrices [B, C, C], averaged over the H * W "
            "positions.",
    solution='''\
result = tf.linalg.einsum("bijc,bijd->bcd", input_tensor, input_tensor)
input_shape = tf.shape(input_tensor)
num_locations = tf.cast(input_shape[1] * input_shape[2], tf.float32)
return result / num_locations
''',
    cases=cases,
    mistakes=[
        Mistake(POSITIONS, lambda x: tf.linalg.einsum("bijc,bkjc->bik", x, x), like="shape"),
        Mistake(POSITIONS, lambda x: tf.matmul(flat(x), flat(x), transpose_b=True),
                like="shape"),
        Mistake("Keep the batch axis: [B, C, C] (the b of 'bijc,bijd->bcd').",
                lambda x: tf.linalg.einsum("bijc,bijd->cd", x, x), like="shape"),
        Mistake("Divide by the number of positions, H * W.", sums),
        Mistake("Divide by H * W, the number of positions, not by C, the number of channels.",
                lambda x: sums(x) / x.shape[3]),
        Mistake("Divide by H * W only: the Gram matrix averages over the positions, not over "
                "the channels too (H * W * C).",
                lambda x: sums(x) / (x.shape[1] * x.shape[2] * x.shape[3])),
        Mistake(BOTH_SIDES, lambda x: sums(x) / x.shape[1]),
        Mistake(BOTH_SIDES, lambda x: sums(x) / x.shape[2]),
        Mistake("Divide by H * W once, not squared.",
                lambda x: sums(x) / (x.shape[1] * x.shape[2]) ** 2),
    ],
    hint="G[b, c, d] = sum over i, j of F[b, i, j, c] * F[b, i, j, d], divided by H * W.",
    many="Return one tensor, the Gram matrices [B, C, C].",
))


def check_gram_matrix(fn, *, hidden: bool = False) -> None:
    """Check your ``my_gram_matrix`` (notebook 04) and print one line.

    ``hidden=True`` runs the instructor's hidden tests instead.
    """
    check(EXERCISE, fn, hidden=hidden)
