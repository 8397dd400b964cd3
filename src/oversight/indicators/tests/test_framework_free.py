"""oversight.indicators imports no Django: the CLI, the analytics and a Spark job may use it."""

import subprocess
import sys


def test_importing_indicators_loads_no_django():
    code = ("import sys, oversight.indicators as i; i.registry(); "
            "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
