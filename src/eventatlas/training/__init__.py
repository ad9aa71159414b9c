"""Training code for the models the project ships. Inference never imports this package;
it needs scikit-learn (the `train` extra), which extraction does not."""
