"""Going further (notebook 08): what the official tutorial leaves out, as plain functions.

:mod:`.lbfgs` (the paper's optimiser), :mod:`.pyramid` (coarse-to-fine),
:mod:`.color` (keeping the photo's colours), :mod:`.blend` (several style
images, weighted style layers), :mod:`.network` (average pooling, bfloat16)
and :mod:`.fast` (feed-forward stylisation in one pass of a trained network).
The runs that use them are in :mod:`nst_tutorial.runs`.
"""
