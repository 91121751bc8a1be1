#!/usr/bin/python3
# pytest-runner.py: run pytest for meson, where "no tests ran" is a failure
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: pytest-runner.py [PYTEST-ARGUMENTS...]
#
# pytest exits 5 when it collected no test (a broken conftest filter, a
# renamed folder); meson would count that as a pass.  This maps it to 1.
# No cache folder is written into the source tree (-p no:cacheprovider).

import sys

import pytest

NO_TESTS_COLLECTED = 5

status = int(pytest.main(['-p', 'no:cacheprovider'] + sys.argv[1:]))
if status == NO_TESTS_COLLECTED:
    print('pytest-runner.py: no test was collected; failing', file=sys.stderr)
    status = 1
sys.exit(status)
