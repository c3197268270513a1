"""What the rules share but is not a rule itself: equality as the contract defines it, named
mistakes, learning curves, cell failures and answers in words, the model a Keras check judges."""
