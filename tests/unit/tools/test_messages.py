"""The messages check: every text the package shows has its Chinese, and no Chinese is stale.

On the package itself the check finds nothing. Then it is shown to fail when
it should, with made-up Chinese dictionaries (one entry missing, one that no
text uses, one with other placeholders), a made-up exercise hint, and a
made-up package whose source calls ``tr``.
"""

from __future__ import annotations

import dataclasses

import pytest

from nst_tutorial.base.zh import ZH
from nst_tutorial.course.exercises import grayscale
from nst_tutorial.tools import messages


def test_every_message_has_its_chinese_and_no_entry_is_stale():
    assert messages.problems() == []


def test_main_says_so_and_exits_0(capsys):
    assert messages.main() == 0
    assert capsys.readouterr().out == f"Every message has its Chinese ({len(ZH)} of them).\n"


def test_a_missing_entry_is_found_where_the_code_writes_it(monkeypatch, capsys):
    english = "Stopping after this step..."
    monkeypatch.setattr(messages, "ZH", {k: v for k, v in ZH.items() if k != english})
    [line] = messages.problems()
    assert line.startswith("nst_tutorial/course/playground.py:")
    assert line.endswith(f"no Chinese for {english!r}")
    assert messages.main() == 1 and line in capsys.readouterr().out


def test_a_missing_exercise_hint_names_the_exercise_and_mistake(monkeypatch):
    english = grayscale.EXERCISE.mistakes[1].hint
    monkeypatch.setattr(messages, "ZH", {k: v for k, v in ZH.items() if k != english})
    assert messages.problems() == [
        f"exercise grayscale, mistake 2's hint: no Chinese for {english!r}"]


def test_a_new_hint_without_chinese_is_found(monkeypatch):
    hint = "A hint written after the translation."
    changed = dataclasses.replace(grayscale.EXERCISE, mistakes=[
        *grayscale.EXERCISE.mistakes, dataclasses.replace(grayscale.EXERCISE.mistakes[0],
                                                          hint=hint)])
    monkeypatch.setitem(messages.EXERCISES, "grayscale", changed)
    assert messages.problems() == [
        f"exercise grayscale, mistake 6's hint: no Chinese for {hint!r}"]


def test_a_stale_entry_is_found(monkeypatch):
    english = "An English text that the code no longer writes."
    monkeypatch.setattr(messages, "ZH", {**ZH, english: "代码已经不再写的一段英文。"})
    assert messages.problems() == [f"nst_tutorial/base/zh.py: stale, no message is {english!r}"]


def test_an_entry_with_other_placeholders_is_found(monkeypatch):
    english = "Done: {steps} steps, final loss {loss:.4g}."
    monkeypatch.setattr(messages, "ZH", {**ZH, english: "完成：共 {step} 步，最终损失 {loss}。"})
    [line] = messages.problems()
    assert line.startswith("nst_tutorial/course/playground.py:")
    assert "['{loss}', '{step}']" in line and "['{loss:.4g}', '{steps}']" in line


@pytest.mark.parametrize("template, placeholders", [
    ("step {n}", {"{n}"}), ("{name!r} at {loss:.4g}", {"{name!r}", "{loss:.4g}"}),
    ("no placeholder", set()), ("a lone { brace", set()),
])
def test_placeholders(template, placeholders):
    assert messages.placeholders(template) == placeholders


def test_the_source_scan_reads_literals_and_constants_and_refuses_the_rest(monkeypatch, tmp_path):
    package = tmp_path / "nst_tutorial"
    (package / "course").mkdir(parents=True)
    (package / "course" / "made_up.py").write_text(
        "from ..base.language import tr\n"
        "\n"
        'TITLE = "A made-up title"\n'
        "\n"
        "def f(name, text):\n"
        '    print(tr("Hello {name}.", name=name))\n'
        "    print(tr(TITLE))\n"
        "    print(tr(text))\n", encoding="utf-8")
    (package / "course" / "playground.py").write_text(
        "def g(meta):\n    return tr(meta['label'])\n", encoding="utf-8")  # shows data: allowed
    monkeypatch.setattr(messages, "PACKAGE", package)
    found, problems = messages.source_messages()
    assert found == {"Hello {name}.": "nst_tutorial/course/made_up.py:6",
                     "A made-up title": "nst_tutorial/course/made_up.py:7"}
    assert problems == ["nst_tutorial/course/made_up.py:8: tr() is given something else than a "
                        "string, which this check cannot read; write the English template there"]
    lines = messages.problems()
    assert "nst_tutorial/course/made_up.py:6: no Chinese for 'Hello {name}.'" in lines
    assert problems[0] in lines
