"""The partnership's own records on the web: its settings, member organisations, people, invitations
and API tokens. Pages that mix partners with strategy or returns (the partnership home, an
organisation's page) live in ``wellboard.web``, above every app."""
