"""What the professional standards pages show, shaped for the templates."""
