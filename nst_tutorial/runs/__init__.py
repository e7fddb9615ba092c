"""Runs, built on the tutorial's blocks: what a learner's runs need around the computation.

:mod:`.weights` (which VGG19: ImageNet's, a file, random; the fallback),
:mod:`.guards` (weights that make sense, losses that stay finite),
:mod:`.problem` (the loss of an image), :mod:`.record` (history, best image,
stops), :mod:`.adam` (the tutorial's optimiser), :mod:`.lbfgs`,
:mod:`.coarse_to_fine`, :mod:`.saving` (result files, save and resume) and
:mod:`.options` (a run's options, described once).
"""
