"""The ``nst-tutorial`` command: stylise images from a terminal, check the set-up, prefetch.

::

    nst-tutorial stylize                                  # the bundled samples, no files needed
    nst-tutorial stylize photo.jpg -s painting.jpg -o out.png --steps 500 --size 384
    nst-tutorial stylize photo.jpg -s a.jpg -s b.jpg --save-every 100 --tensorboard runs/
    nst-tutorial env                                      # versions, device, weights, caches
    nst-tutorial prefetch --to workshop/                  # everything, for other machines

(``python -m nst_tutorial ...`` does the same.) Outputs are written
atomically, never over an input, and never over an existing file unless you
pass ``--force``. Ctrl-C during a run writes the best image so far and exits
with status 130. The package's own errors are one line on stderr and exit
with status 1; a wrong option exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

import PIL.Image

from ..base.errors import ImageError, NSTError, SettingsError
from ..base.settings import settings
from ..course import data
from ..course.display import LiveDisplay
from ..course.pace import saved_timing, time_this_machine
from ..runs import options
from ..runs.options import RunOptions
from ..runs.saving import save_image
from ..runs.weights import weights_note
from ..tutorial.images import load_img
from . import prefetch
from .report import environment_report
from .tensorboard import TensorBoardLogger, combine_callbacks

#: Exit statuses.
OK, FAILED, USAGE, INTERRUPTED = 0, 1, 2, 130

PROG = "nst-tutorial"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return value


def _number_type(field):
    """An argparse type that reads a number and checks it against the option's range."""
    meta = field.metadata

    def read(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not options.in_range(value, meta):
            raise argparse.ArgumentTypeError(f"{text}: {options.range_text(meta)}")
        return value

    return read


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """One command-line option per field of :class:`RunOptions`, with its help and default."""
    for field in options.fields():
        meta, default = field.metadata, field.default
        kwargs = {"default": default, "dest": field.name}
        shown = "" if default is None else " (default: %(default)s)"
        if meta["choices"]:
            kwargs["choices"] = list(meta["choices"])
            kwargs["help"] = (meta["help"] + ": "
                              + "; ".join(f"{k}: {v}" for k, v in meta["choices"].items()) + shown)
        else:
            kwargs["help"] = meta["help"] + shown
            kwargs["type"] = _number_type(field) if meta["low"] is not None else int
            kwargs["metavar"] = "X"
            if field.type.startswith("list"):
                kwargs["nargs"] = "+"
        parser.add_argument(*options.cli_flags(field), **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Neural style transfer (Gatys et al.), as in the course.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    s = sub.add_parser(
        "stylize", aliases=["stylise"], help="paint a content image in the style of another",
        description="Optimise an image so it has the content of one picture and the style of "
                    "another. With no images given, uses the bundled samples.")
    s.add_argument("content", nargs="?", type=Path,
                   help="content image (default: the bundled sample 'cat')")
    s.add_argument("-s", "--style", action="append", type=Path, metavar="IMAGE",
                   help="style image, repeatable to blend several "
                        "(default: the bundled sample 'composition')")
    s.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="where to write the result, .png or .jpg "
                        "(default: CONTENT-STYLE.png in the current folder)")
    s.add_argument("-f", "--force", action="store_true",
                   help="replace the output files if they exist (never an input)")
    s.add_argument("--weights", metavar="SOURCE",
                   help="VGG19 weights: imagenet, random, or a weights file or folder "
                        "(default: $NST_WEIGHTS, else imagenet)")
    s.add_argument("--size", type=_positive_int, metavar="PX",
                   help="long side of the images in pixels (default: 512, the tutorial's; "
                        "64 with NST_QUICK=1; with NST_PROFILE=laptop, what fits this machine)")
    s.add_argument("--steps", type=_positive_int,
                   help="optimisation steps (default: 1000, the tutorial's 10 x 100; "
                        "6 with NST_QUICK=1; with NST_PROFILE=laptop, what fits this machine)")
    add_run_options(s)
    s.add_argument("--save-every", type=_positive_int, metavar="N",
                   help="also write the image every N steps, as OUTPUT-stepNNNN.png")
    s.add_argument("--tensorboard", type=Path, metavar="DIR",
                   help="log losses (every step) and images to this TensorBoard log folder")
    s.add_argument("--image-every", type=_positive_int, default=50, metavar="N",
                   help="with --tensorboard: log the image every N steps (default: %(default)s)")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(handler=cmd_stylize)

    e = sub.add_parser("env", help="print versions, device, weights and cache locations",
                       description="Report what the course will use on this machine.")
    e.set_defaults(handler=cmd_env)

    p = sub.add_parser(
        "prefetch", help="download the weights, class names, images and models for offline use",
        description="Download everything the course fetches from the internet (about 655 MB "
                    "and the feed-forward model), "
                    "verified, into the usual caches or into one folder to copy to other "
                    "machines. Then, there: 'nst-tutorial prefetch --from FOLDER', or set "
                    "KERAS_HOME=FOLDER and NST_CACHE_DIR=FOLDER.")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--to", type=Path, metavar="FOLDER",
                       help="put everything in FOLDER (to copy to other machines)")
    where.add_argument("--from", dest="source", type=Path, metavar="FOLDER",
                       help="install from a FOLDER made with --to instead of the internet")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="fetch only this item (repeatable): "
                        + ", ".join(item.name for item in prefetch.ITEMS))
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    p.set_defaults(handler=cmd_prefetch)
    return parser


# -- stylize -------------------------------------------------------------------------
def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _check_output(path: Path, inputs: list[Path], force: bool) -> None:
    """Refuse an output that is an input, has no image suffix, or exists (without --force)."""
    if path.suffix.lower() not in PIL.Image.registered_extensions():
        raise ImageError(f"{path}: unknown image file type {path.suffix!r}; use .png or .jpg.")
    for source in inputs:
        if _same_file(path, source):
            raise ImageError(f"{path}: this is an input image; choose another output name "
                             "(inputs are never overwritten, even with --force).")
    if path.is_dir():
        raise ImageError(f"{path}: is a folder; give a file name such as {path / 'out.png'}.")
    if path.exists() and not force:
        raise ImageError(f"{path}: already exists; pass --force to replace it, "
                         "or choose another name with -o.")


def _default_images() -> tuple[Path, Path]:
    return Path(data.sample_path("cat")), Path(data.sample_path("composition"))


def _intermediate_path(output: Path, step: int, steps: int) -> Path:
    width = max(4, len(str(steps)))
    return output.with_name(f"{output.stem}-step{step:0{width}d}{output.suffix}")


def _check_paths(args, steps: int) -> tuple[Path, list[Path], Path, list[Path]]:
    """Check every path before any work: ``(content, styles, output, intermediate files)``."""
    if args.content is None and not args.style:
        content, style = _default_images()
        styles = [style]
    elif args.content is None or not args.style:
        raise SettingsError("give both a content image and at least one --style image "
                            "(or neither, to use the bundled samples).")
    else:
        content, styles = args.content, list(args.style)
    for path in [content, *styles]:
        if not path.exists():
            raise ImageError(f"{path}: no such file.")
        if path.is_dir():
            raise ImageError(f"{path}: is a folder, not an image file.")
    if args.style_blend_weights is not None and len(args.style_blend_weights) != len(styles):
        raise SettingsError(f"--blend has {len(args.style_blend_weights)} weight(s) for "
                            f"{len(styles)} style image(s); give one weight per --style image.")
    stem = "+".join(s.stem for s in styles)
    output = args.output or Path(f"{content.stem}-{stem}.png")
    extra = []
    if args.save_every:
        extra = [_intermediate_path(output, k, steps)
                 for k in range(args.save_every, steps + 1, args.save_every)]
    for path in [output, *extra]:
        _check_output(path, [content, *styles], args.force)
    return content, styles, output, extra


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_stylize(args) -> int:
    """Run style transfer; write the result (the best image so far on Ctrl-C)."""
    plan = settings.values  # the profile's size and steps, the defaults of --size and --steps
    if settings.profile == "laptop" and settings.plan is None:  # NST_PROFILE=laptop: time here
        plan = (saved_timing() or time_this_machine(print_it=False)).plan()
    args.steps = args.steps or plan.steps
    content_path, style_paths, output, extra = _check_paths(args, args.steps)
    run_options = RunOptions(**{field.name: getattr(args, field.name)
                                for field in options.fields()})
    if run_options.seed is None:
        run_options.seed = settings.seed
    run_options.check()

    size = args.size or plan.max_dim
    content = load_img(content_path, max_dim=size)
    styles = [load_img(path, max_dim=size) for path in style_paths]
    job = run_options.start(content, styles, args.steps, weights=args.weights)
    calls = 0

    def save_intermediate(_run) -> None:
        nonlocal calls
        calls += 1
        if args.save_every and calls % args.save_every == 0:
            save_image(job.result(best=False), _intermediate_path(output, calls, args.steps))

    logger = None
    if args.tensorboard is not None:
        logger = TensorBoardLogger(args.tensorboard, image_every=args.image_every)
    names = " + ".join(p.name for p in style_paths)
    note = weights_note(args.weights)
    progress = LiveDisplay(args.steps, live=False, file=sys.stderr, disable=args.quiet, note=note,
                           description=f"{content_path.name} in the style of {names}")
    try:
        job.optimise(combine_callbacks(progress, save_intermediate, logger))
    finally:
        progress.bar.close()
    # A second Ctrl-C must not cut the save short.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = job.result()
        if job.interrupted:
            if job.step_count() == 0:
                _say("Interrupted before the first step; nothing was written.")
                return INTERRUPTED
            save_image(result, output)
            _say(f"Interrupted at step {job.step_count()}: wrote the best image so far "
                 f"(loss {job.best_loss():.4g}) to {output}")
        else:
            save_image(result, output)
            _say(f"Wrote {output} ({job.step_count()} steps, final loss {job.final_loss():.4g}).")
        if logger is not None:
            logger.log_image(result, calls, name="result")
            logger.close()
            _say(f"TensorBoard logs in {args.tensorboard}: tensorboard --logdir {args.tensorboard}")
        if note:
            _say("Note: " + note)
    finally:
        signal.signal(signal.SIGINT, previous)
    return INTERRUPTED if job.interrupted else OK


# -- env and prefetch --------------------------------------------------------------
def cmd_env(args) -> int:
    """Print the environment report, what is cached, and where."""
    environment_report()
    print(f"Cache        {settings.cache_dir}   (NST_CACHE_DIR)")
    for item in prefetch.ITEMS:
        path = prefetch.destination(item)
        state = "cached" if path.is_file() and path.stat().st_size > 0 else "not cached"
        print(f"  {item.name:<11}{state:<12}{path}")
    print("Offline      " + ("on (NST_OFFLINE=1)" if getattr(settings, "offline", False) else "off"))
    return OK


def cmd_prefetch(args) -> int:
    """Fetch the downloads into the caches or into ``--to``."""
    if args.source is not None and not args.source.is_dir():
        raise NSTError(f"{args.source}: no such folder; give a folder made by "
                       f"'{PROG} prefetch --to FOLDER'.")
    prefetch.prefetch(args.to, source=args.source, names=args.only, progress=not args.quiet)
    if args.to is not None:
        print(prefetch.copy_tree_note(args.to))
    return OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (the package's errors are one line)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except NSTError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return FAILED
    except OSError as e:  # a folder that cannot be written, a full disk
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"{PROG}: error: {where}{e.strerror or e}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted.", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
