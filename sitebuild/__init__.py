"""The build side of the generator, in layers (tests/test_layers.py): each imports only those before it.

    files -> rules -> source -> bundle -> pages -> site -> plugin | zensical -> commands

checker/ (the rules engine the browser runs) is below them all.
"""
