"""Configuration: the settings, where each value comes from (flags, the environment, the
`.env` files), the Hub token as huggingface_hub finds it, durations."""
