"""Site tooling for RNN Guide: what builds the pages, never what a reader imports.

`figures` redraws the figures measured from `rnn_guide` (`make figures`), with
the small SVG chart writer `svgplot`.
"""
