"""rnn_guide: a from-scratch Elman RNN that reproduces torch.nn.RNN."""
