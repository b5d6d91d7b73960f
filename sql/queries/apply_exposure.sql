SELECT hf.apply_exposure($1)
