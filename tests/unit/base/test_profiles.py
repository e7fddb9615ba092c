"""Course profiles: the setting, the laptop profile's plan from measured step times, timing this machine."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

import nst_tutorial as nst
from nst_tutorial.base import profiles
from nst_tutorial.base.errors import SettingsError
from nst_tutorial.base.profiles import (
    EPOCH_SECONDS, EVALUATION_SECONDS, MIN_STEPS_PER_EPOCH, SIZES, Plan, choose_plan,
)
from nst_tutorial.base.settings import Settings, settings
from nst_tutorial.course import pace


# -- the setting ---------------------------------------------------------------------------
@pytest.mark.parametrize("env, profile, values", [
    ({}, "tutorial", (512, 10, 100, 100, "float32")),
    ({"NST_PROFILE": "tutorial"}, "tutorial", (512, 10, 100, 100, "float32")),
    ({"NST_PROFILE": " Quick "}, "quick", (64, 2, 3, 3, "float32")),
    ({"NST_QUICK": "1"}, "quick", (64, 2, 3, 3, "float32")),
    ({"NST_QUICK": "1", "NST_PROFILE": "quick"}, "quick", (64, 2, 3, 3, "float32")),
    ({"NST_PROFILE": "laptop"}, "laptop", (128, 10, 40, 85, "float32")),  # before any timing
])
def test_profile_from_the_environment(env, profile, values):
    s = Settings.from_env(env)
    assert s.profile_name == profile and s.quick is (profile == "quick")
    assert (s.max_dim, s.epochs, s.steps_per_epoch, s.evaluations, s.precision) == values


def test_auto_is_the_tutorials_for_the_package_until_a_notebook_chooses():
    s = Settings.from_env({})
    assert s.profile == "auto" and s.values == profiles.TUTORIAL


@pytest.mark.parametrize("env, words", [
    ({"NST_PROFILE": "fast"}, "NST_PROFILE='fast' is not a profile: use tutorial, laptop, quick"),
    ({"NST_QUICK": "1", "NST_PROFILE": "laptop"}, "contradict"),
    ({"NST_BFLOAT16": "maybe"}, "NST_BFLOAT16='maybe'"),
])
def test_bad_profile_settings_say_what_is_wrong(env, words):
    with pytest.raises(SettingsError, match=words):
        Settings.from_env(env)


def test_the_laptops_plan_gives_its_values(saved_settings):
    plan = Plan("laptop", 256, 10, 40, 25, "mixed")
    nst.configure(profile="laptop")
    settings.plan = plan
    assert (settings.max_dim, settings.steps_per_epoch, settings.evaluations,
            settings.precision) == (256, 40, 25, "mixed")
    nst.configure(quick=True)
    assert settings.max_dim == 64
    nst.configure(quick=False, profile="tutorial")
    assert settings.max_dim == 512 and settings.precision == "float32"
    with pytest.raises(SettingsError, match="profile='huge'"):
        nst.configure(profile="huge")


# -- the plan --------------------------------------------------------------------------------
def quadratic(seconds_at_256: float, mixed_speedup: float = 1.0):
    """Step times proportional to the pixels, ``seconds_at_256`` at 256 px in float32."""
    def seconds(size, precision):
        t = seconds_at_256 * (size / 256) ** 2
        return t / mixed_speedup if precision == "mixed" else t
    return seconds


def test_the_untimed_laptop_plan_is_what_a_2_core_avx2_cpu_gets():
    """The AVX2 figures in benchmarks/README.md: 233.7 ms at 85 x 128, 781.4 ms at 170 x 256."""
    def seconds(size, precision):  # linear in the pixels of a 451 x 300 (the cat's) image
        pixels = size * round(size * 300 / 451)
        return 0.2337 + (0.7814 - 0.2337) * (pixels - 85 * 128) / (170 * 256 - 85 * 128)
    assert choose_plan(seconds) == profiles.LAPTOP_UNTIMED


def test_a_fast_machine_gets_the_tutorials_size_and_steps():
    assert choose_plan(quadratic(0.01)) == Plan("laptop", 512, 10, 100, 100, "float32")


def test_plan_by_hand():
    # 0.25 s per step at 256 px in float32, bfloat16 2.5x faster (0.1 s at 256 px):
    # Adam: 30 steps of (size/256)^2 * 0.1 s within 10 s -> size <= 256 * sqrt(10/3) = 467 px;
    # L-BFGS: 10 float32 evaluations within 20 s -> 0.25 (size/256)^2 <= 2 -> size <= 724 px.
    # The largest size of the list under 467 is 448: 0.1 * (448/256)^2 = 0.30625 s per step,
    # so 10 / 0.30625 = 32.7 -> 30 steps (rounded down to a multiple of 5); 20 / 0.765625 = 26.1
    # -> 25 evaluations.
    plan = choose_plan(quadratic(0.25, 2.5), "mixed")
    assert plan == Plan("laptop", 448, 10, 30, 25, "mixed")


def test_a_very_slow_machine_gets_the_smallest_images_and_fewer_steps():
    plan = choose_plan(quadratic(5.0))  # 1.25 s per step at 128 px
    assert plan.max_dim == SIZES[-1] == 128 and plan.steps_per_epoch == 8
    assert plan.steps_per_epoch * 1.25 <= EPOCH_SECONDS


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.floats(0.005, 5.0), st.floats(1.0, 4.0))
def test_the_plan_keeps_the_budget_and_takes_the_largest_size_that_does(seconds_at_256, speedup):
    seconds = quadratic(seconds_at_256, speedup)
    precision = "mixed" if speedup > 1 else "float32"
    plan = choose_plan(seconds, precision)
    step, f32 = seconds(plan.max_dim, precision), seconds(plan.max_dim, "float32")
    if plan.max_dim > SIZES[-1] or MIN_STEPS_PER_EPOCH * step <= EPOCH_SECONDS:
        assert plan.steps_per_epoch * step <= EPOCH_SECONDS + 1e-9
        assert plan.evaluations * f32 <= EVALUATION_SECONDS + 1e-9
    bigger = [s for s in SIZES if s > plan.max_dim]
    assert all(MIN_STEPS_PER_EPOCH * seconds(s, precision) > EPOCH_SECONDS
               or 10 * seconds(s, "float32") > EVALUATION_SECONDS for s in bigger)


# -- timing this machine ---------------------------------------------------------------------
def timing(f32=(0.3, 1.2), mixed=None, machine=None) -> pace.Timing:
    steps = {"float32": dict(zip(pace.PROBE_SIZES, f32))}
    if mixed:
        steps["mixed"] = dict(zip(pace.PROBE_SIZES, mixed))
    return pace.Timing(steps, 2.0, machine or pace.machine(), "now")


def test_step_times_between_and_beyond_the_measured_sizes():
    t = timing()
    assert t.seconds_per_step(128) == 0.3 and t.seconds_per_step(256) == 1.2
    # Labrador-shaped (422 x 512) images: 192 px has 158 * 192 = 30336 pixels, between
    # 105 * 128 = 13440 and 211 * 256 = 54016.
    assert t.seconds_per_step(192) == pytest.approx(0.3 + 0.9 * (30336 - 13440) / (54016 - 13440))
    # 512 px: in proportion to the pixels, 422 * 512 / 54016 times the 256 px time.
    assert t.seconds_per_step(512) == pytest.approx(1.2 * 422 * 512 / 54016)


def test_bfloat16_is_used_for_adam_only_where_it_is_faster():
    assert timing().adam_precision == "float32"
    assert timing(mixed=(0.1, 0.4)).adam_precision == "mixed"
    assert timing(mixed=(0.3, 1.1)).adam_precision == "float32"  # under 1.2x: not worth it


def test_three_times_slower_machine_gets_a_plan_that_still_fits():
    here = timing(f32=(0.3, 1.2), mixed=(0.1, 0.37))
    slow = timing(f32=(0.9, 3.6))  # an AVX2 laptop: float32 only, three times slower
    for t in (here, slow):
        minutes = t.minutes(t.plan())
        assert max(minutes.values()) <= 5, minutes
    assert slow.plan().max_dim < here.plan().max_dim


def test_saved_timing_is_reused_only_on_the_same_machine(saved_settings):
    t = timing(mixed=(0.1, 0.4))
    pace._save(t)
    back = pace.saved_timing()
    assert back == t
    data = json.loads((settings.cache_dir / "pace.json").read_text())
    data["machine"]["cores"] += 1
    (settings.cache_dir / "pace.json").write_text(json.dumps(data))
    assert pace.saved_timing() is None
    (settings.cache_dir / "pace.json").write_text("{broken")
    assert pace.saved_timing() is None


@pytest.mark.parametrize("gpu, profile", [(False, "laptop"), (True, "tutorial")])
def test_use_profile_chooses_by_device_and_says_it_in_one_line(
        saved_settings, monkeypatch, capsys, gpu, profile):
    nst.configure(profile="auto", weights_fallback=False)
    monkeypatch.setattr(pace.tf.config, "list_physical_devices",
                        lambda kind=None: ["GPU:0"] if gpu and kind == "GPU" else [])
    saved = timing(mixed=(0.1, 0.4), machine=pace.machine())
    pace._save(saved)
    monkeypatch.setattr(pace, "_measure", lambda: pytest.fail("timed again"))
    plan = nst.use_profile()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Profile: {profile}")
    assert settings.profile == profile and settings.weights_fallback
    assert plan == (saved.plan() if profile == "laptop" else profiles.TUTORIAL)
    if profile == "laptop":
        assert "NST_PROFILE=tutorial" in lines[0] and f"{plan.max_dim} px" in lines[0]


def test_use_profile_can_switch(saved_settings, capsys):
    assert nst.use_profile("quick") == profiles.QUICK
    assert "Profile: quick" in capsys.readouterr().out
    assert nst.use_profile("tutorial") == profiles.TUTORIAL and settings.max_dim == 512


def test_time_this_machine_measures_saves_and_plans(saved_settings, random_weights,
                                                    monkeypatch, capsys):
    monkeypatch.setattr(pace, "PROBE_SIZES", (40, 64))
    monkeypatch.setattr(pace, "PROBE_STEPS", 1)
    nst.configure(profile="laptop")
    t = nst.time_this_machine()
    out = capsys.readouterr().out
    assert set(t.steps["float32"]) == {40, 64} and all(v > 0 for v in t.steps["float32"].values())
    assert ("mixed" in t.steps) == pace.machine()["bfloat16"]
    assert pace.saved_timing() == t and settings.plan is None  # timing changes no setting
    assert nst.use_profile() == t.plan()  # the profile's plan comes from the saved timing
    assert "One step at 64 px takes" in out
    for name in ("06 gradient descent", "07 total variation", "08 going further",
                 "laptop (in force)", "tutorial"):
        assert name in out
