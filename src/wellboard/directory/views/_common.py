"""What every directory page shares: its section's rendering."""

from __future__ import annotations

from wellboard.core.views import section_pages
from wellboard.directory.policy import directory_abilities

page = section_pages("directory", directory_abilities)
