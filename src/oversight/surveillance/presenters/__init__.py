"""What the surveillance pages show, in the indicators' words: built here so views stay thin and the
templates hold no logic."""
