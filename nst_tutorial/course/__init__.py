"""What the notebooks use to show and check things.

:mod:`.plotting` (feature maps, Gram heat maps, bar charts), :mod:`.display`
(the live picture and loss curves of a run), :mod:`.exercises` (the exercise
checks), :mod:`.data` (the sample images) and :mod:`.playground` (notebook 10).
"""
