"""Readers for the corpora the project trains and measures on, shared by `train` and `eval`.

Production stages never read corpora; training (`eventatlas.training`) and evaluation
(`eventatlas.evaluate`) do, through these readers, so neither imports the other.
"""
