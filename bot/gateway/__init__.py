"""The WeChat edge: verify, decrypt, parse, de-duplicate, and render passive replies."""
