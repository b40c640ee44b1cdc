"""Hatchling build hook: the wheel ships the built-in rules compiled.

When a wheel (not an editable install) is built, the engine for the
built-in rules and the analysis lexicons are built once and added as
``annotator/_data/compiled/*.pickle`` (``annotator.engine.cache.write_shipped``),
so the first run in a fresh CI container is as fast as a warm one. They are
built in a child interpreter from this source tree, with no user cache
(``ANNOTATOR_NO_CACHE``), so nothing outside the tree goes into the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledRulesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        # building the engine imports annotator, so the build needs what annotator needs
        return list(self.metadata.core.dependencies) if self.target_name == "wheel" else []

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._tmp = tempfile.mkdtemp(prefix="annotator-compiled-")
        out = os.path.join(self._tmp, "compiled")
        # the child sees what this process sees: pip's isolated build environment is not an
        # interpreter of its own (sys.executable is the target's), only entries on sys.path,
        # which the child takes over after start-up. Not through PYTHONPATH: pip's own
        # sitecustomize (on the inherited PYTHONPATH) drops every path a site-packages .pth
        # names, the source tree among them once the project is installed editable, and asserts
        # that its library folders are not on the path yet.
        env = dict(os.environ, ANNOTATOR_NO_CACHE="1")
        code = ("import json, sys\nsys.path[:] = json.loads(sys.argv[2])\n"
                "from annotator.engine.cache import write_shipped\n"
                "print(' '.join(write_shipped(sys.argv[1])))")
        path = json.dumps([self.root, *(p for p in sys.path if p)])
        subprocess.run([sys.executable, "-P", "-c", code, out, path], env=env, cwd=self.root, check=True)
        build_data["force_include"][out] = "annotator/_data/compiled"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_tmp", None):
            shutil.rmtree(self._tmp, ignore_errors=True)
