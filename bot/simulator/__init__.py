"""The local WeChat simulator: plays WeChat's side of the callback for the demo, tests and bench."""
