"""RunOptions, the one description of a run's options, and what is made from it.

The command line's options, the playground's controls and docs/run-options.md
all come from the fields of RunOptions: these tests check each of them
against the fields, so an option added there reaches all three (or a test
says where it did not).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import nst_tutorial as nst
from nst_tutorial.runs import options
from nst_tutorial.runs.options import DOC_HEADING, RunOptions, markdown_table
from nst_tutorial.tools import cli

ROOT = Path(__file__).resolve().parents[3]


def test_the_defaults_are_the_tutorials():
    o = RunOptions()
    assert (o.style_weight, o.content_weight, o.total_variation_weight) == (1e-2, 1e4, 30)
    assert (o.learning_rate, o.optimizer, o.init, o.pooling, o.precision) == (
        0.02, "adam", "content", "max", "float32")
    assert o.coarse_to_fine == 0 and o.colors == "style"


@pytest.mark.parametrize("values, words", [
    ({"optimizer": "sgd"}, "optimizer='sgd': use one of adam, lbfgs"),
    ({"coarse_to_fine": 1.0}, "from 0 up to, not including, 1"),
    ({"style_weight": -1.0}, "style_weight=-1.0: use a finite number, 0 or more"),
    ({"learning_rate": 0.0}, "learning_rate=0.0: use a finite number above 0"),
    ({"style_blend_weights": [1.0, -2.0]}, "style_blend_weights=[1.0, -2.0]"),
    ({"content_weight": float("nan")}, "content_weight=nan"),
])
def test_check_refuses_values_outside_each_options_range(values, words):
    with pytest.raises(nst.SettingsError) as info:
        RunOptions(**values).check()
    assert words in str(info.value)


def test_every_option_is_on_the_command_line_with_its_default():
    parser = cli.build_parser()
    args = parser.parse_args(["stylize"])
    for field in options.fields():
        assert getattr(args, field.name) == field.default, field.name
    assert RunOptions(**{f.name: getattr(args, f.name) for f in options.fields()}) == RunOptions()
    given = parser.parse_args(["stylize", "--tv-weight", "5", "--colours", "luminance",
                               "--blend", "1", "2", "--learning-rate", "0.5", "--seed", "3"])
    assert (given.total_variation_weight, given.colors, given.style_blend_weights,
            given.learning_rate, given.seed) == (5.0, "luminance", [1.0, 2.0], 0.5, 3)


@pytest.mark.parametrize("argv", [["--coarse-to-fine", "1"], ["--learning-rate", "0"],
                                  ["--optimizer", "sgd"], ["--style-weight", "x"]])
def test_the_command_line_refuses_what_check_refuses(argv, capsys):
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(["stylize", *argv])
    assert info.value.code == cli.USAGE
    assert argv[0] in capsys.readouterr().err


def test_the_docs_table_is_made_from_the_options():
    """docs/run-options.md is up to date (python -m nst_tutorial.runs.options writes it)."""
    page = (ROOT / "docs" / "run-options.md").read_text(encoding="utf-8")
    assert page == DOC_HEADING + markdown_table()
    for field in options.fields():
        assert f"| `{field.name}` |" in page


def test_an_added_option_reaches_the_command_line_and_the_docs(monkeypatch):
    """One field more in RunOptions: a flag, a row, and a value that reaches the options."""
    extended = dataclasses.make_dataclass(
        "Extended", [("style_loss", str, options.option(
            "gram", "the style statistic", "10", choices={"gram": "the tutorial's",
                                                          "mean_std": "AdaIN's"}))],
        bases=(RunOptions,))
    monkeypatch.setattr(options, "RunOptions", extended)
    args = cli.build_parser().parse_args(["stylize", "--style-loss", "mean_std"])
    assert args.style_loss == "mean_std"
    assert "| `style_loss` | `--style-loss` | `'gram'` |" in markdown_table()
    built = extended(**{f.name: getattr(args, f.name) for f in options.fields()})
    assert built.style_loss == "mean_std"


def test_the_playground_has_a_control_for_each_labelled_option(random_weights):
    from nst_tutorial.course.playground import Playground

    labelled = {f.name for f in options.fields() if f.metadata["label"]}
    playground = Playground()
    assert set(playground.controls) == labelled
    for name, control in playground.controls.items():
        field = options.field_named(name)
        assert control.value == field.default and control.description == field.metadata["label"]
        if field.metadata["choices"]:
            assert [value for _, value in control.options] == list(field.metadata["choices"])


def test_start_builds_the_run_the_options_describe(random_weights, content_image, style_image):
    job = RunOptions(optimizer="lbfgs", init="noise", seed=4, style_weight=0.5).start(
        content_image, [style_image], steps=2)
    assert isinstance(job.transfer, nst.LBFGSStyleTransfer) and job.transfer.style_weight == 0.5
    expected = np.random.default_rng(4).random(content_image.shape, dtype=np.float32)
    np.testing.assert_array_equal(job.transfer.image.numpy(), expected)
    job.optimise()
    assert job.step_count() == 2 and not job.interrupted
