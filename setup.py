"""Only for ``scrapyd-deploy``, which builds its egg with ``python setup.py bdist_egg`` and writes a
setup.py of its own (without the package data) where there is none. pyproject.toml holds the whole
configuration; ``pip install`` does not need this file."""

from setuptools import setup

setup()
