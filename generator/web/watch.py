"""Files changed on disk → previews rendered again.

The clerk may also edit a pact in Notepad, or a developer a template: the
preview follows the files, not only the form. watchfiles reports a burst of
changes once it has been quiet for 50 ms.
"""

from __future__ import annotations

import logging
from pathlib import Path

import anyio
from watchfiles import DefaultFilter, awatch

from generator.errors import InputError, Problem
from generator.pact.load import load_pact
from generator.web.files import PACT_SUFFIXES, ServedFolder
from generator.web.preview import Previewer

log = logging.getLogger(__name__)


def show_file(previewer: Previewer, folder: ServedFolder, relative: str) -> None:
    """Preview the pact as it is on disk, or say why it cannot be shown."""
    try:
        previewer.show(relative, load_pact(folder.pact_file(relative)))
    except InputError as error:
        previewer.refuse(relative, error.problems or [Problem(relative, error.message)])


async def follow(previewer: Previewer, folder: ServedFolder, templates: tuple[Path, ...],
                 stop: anyio.Event) -> None:
    """Until stop is set: a changed pact that has a preview is shown again; a changed
    template renders every preview again."""
    watched = [folder.root, *(t for t in templates if t.is_dir() and not t.is_relative_to(folder.root))]
    async for changes in awatch(*watched, watch_filter=DefaultFilter(), stop_event=stop, step=50):
        paths = {Path(p) for _, p in changes}
        if any(path.is_relative_to(t) for path in paths for t in templates):
            previewer.refresh_all()
        for path in paths:
            if path.suffix.lower() in PACT_SUFFIXES and path.is_relative_to(folder.root):
                relative = folder.relative(path)
                if previewer.known(relative):
                    show_file(previewer, folder, relative)
