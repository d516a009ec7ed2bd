"""The library schema and its migrations (``PRAGMA user_version``).

Every migration is a list of SQL statements; ``migrate()`` runs the ones above the file's
version inside one transaction. Append a new entry to ``MIGRATIONS`` for every change; never
edit a migration that has shipped.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: issues, documents, sections, blocks, tables, tasks, annotations.
    [
        """CREATE TABLE issues (
            id TEXT PRIMARY KEY,
            gazette TEXT NOT NULL,
            year INTEGER,
            number INTEGER,
            total_number INTEGER,
            source_name TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            source_kind TEXT NOT NULL,
            page_count INTEGER,
            imported_at TEXT NOT NULL
        )""",
        """CREATE TABLE sources (
            issue_id TEXT PRIMARY KEY REFERENCES issues(id) ON DELETE CASCADE,
            text TEXT NOT NULL
        )""",
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            issue_id TEXT NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            title TEXT NOT NULL,
            issuers TEXT NOT NULL,          -- JSON list
            doc_no TEXT,                    -- as printed
            doc_no_norm TEXT,
            doc_no_agency TEXT,
            doc_no_year INTEGER,
            doc_no_serial INTEGER,
            doc_type TEXT NOT NULL,
            enclosed_type TEXT NOT NULL,
            recipients TEXT NOT NULL,
            date TEXT,
            attachments TEXT NOT NULL,      -- JSON list
            first_page INTEGER,
            last_page INTEGER
        )""",
        "CREATE INDEX documents_issue ON documents(issue_id, ord)",
        "CREATE INDEX documents_doc_no ON documents(doc_no_norm)",
        """CREATE TABLE sections (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            parent_id TEXT,
            level INTEGER NOT NULL,
            kind TEXT NOT NULL,
            numbering TEXT NOT NULL,
            title TEXT NOT NULL,
            block_id TEXT NOT NULL,
            page INTEGER
        )""",
        "CREATE INDEX sections_doc ON sections(doc_id, ord)",
        """CREATE TABLE blocks (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            section_id TEXT,
            page INTEGER,
            src_start INTEGER NOT NULL,
            src_end INTEGER NOT NULL
        )""",
        "CREATE INDEX blocks_doc ON blocks(doc_id, ord)",
        """CREATE TABLE doc_tables (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            caption TEXT NOT NULL,
            header TEXT NOT NULL,           -- JSON list of rows
            rows TEXT NOT NULL,             -- JSON list of rows
            groups TEXT NOT NULL,           -- JSON list of [row, label]
            structured INTEGER NOT NULL,
            row_count INTEGER NOT NULL,
            section_id TEXT,
            block_ids TEXT NOT NULL,        -- JSON list
            first_page INTEGER,
            last_page INTEGER
        )""",
        "CREATE INDEX doc_tables_doc ON doc_tables(doc_id, ord)",
        """CREATE TABLE tasks (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            text TEXT NOT NULL,
            section_path TEXT NOT NULL,
            lead TEXT NOT NULL,             -- JSON list
            support TEXT NOT NULL,          -- JSON list
            units TEXT NOT NULL,            -- JSON list
            deadline_text TEXT NOT NULL,
            deadline TEXT,
            note TEXT NOT NULL,
            source TEXT NOT NULL,
            confidence REAL NOT NULL,
            block_id TEXT,
            table_id TEXT,
            page INTEGER
        )""",
        "CREATE INDEX tasks_doc ON tasks(doc_id, ord)",
        """CREATE TABLE task_units (
            task_id TEXT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
            unit TEXT NOT NULL,             -- as printed
            canonical TEXT NOT NULL,        -- through resources/unit_aliases.txt
            role TEXT NOT NULL              -- lead | support | responsible
        )""",
        "CREATE INDEX task_units_unit ON task_units(canonical)",
        "CREATE INDEX task_units_task ON task_units(task_id)",
        # Annotations never cascade: deleting or replacing an issue keeps them (see annotations.py).
        """CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL,
            block_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            end_block_id TEXT,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            color TEXT NOT NULL,
            note TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            status TEXT NOT NULL,
            doc_key TEXT NOT NULL           -- gazette|year|number|文号 or title: survives re-import
        )""",
        "CREATE INDEX annotations_doc ON annotations(doc_id)",
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        )""",
    ],
    # 2: citations, relations, terms (施行/有效期) and the derived status (core/refs.py).
    [
        """CREATE TABLE citations (
            id TEXT PRIMARY KEY,            -- {doc_id}-c{ord:03d}
            doc_id TEXT NOT NULL,
            ord INTEGER NOT NULL,
            block_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            end_block_id TEXT NOT NULL,
            "end" INTEGER NOT NULL,
            doc_no TEXT,                    -- as printed
            doc_no_norm TEXT,
            agency TEXT,
            title TEXT,                     -- as printed, without 《》
            key TEXT NOT NULL,              -- normalised 文号, else 《folded title》
            text TEXT NOT NULL
        )""",
        "CREATE INDEX citations_doc ON citations(doc_id, ord)",
        "CREATE INDEX citations_key ON citations(key)",
        """CREATE TABLE relations (
            id TEXT PRIMARY KEY,            -- {doc_id}-r{ord:03d}
            doc_id TEXT NOT NULL,
            ord INTEGER NOT NULL,
            kind TEXT NOT NULL,             -- cites | repeals | amends | replaces | implements
            target_key TEXT NOT NULL,
            target_doc_no TEXT,
            target_title TEXT,
            sentence TEXT NOT NULL,
            block_id TEXT NOT NULL,
            confidence REAL NOT NULL,
            date TEXT
        )""",
        "CREATE INDEX relations_doc ON relations(doc_id, ord)",
        "CREATE INDEX relations_target ON relations(target_key)",
        """CREATE TABLE doc_terms (
            doc_id TEXT PRIMARY KEY,
            effective TEXT,
            effective_text TEXT NOT NULL,
            effective_block TEXT,
            expires TEXT,
            term_years INTEGER,
            expires_text TEXT NOT NULL,
            expires_block TEXT
        )""",
        # Derived: rebuilt whenever an issue is imported or removed.
        """CREATE TABLE doc_status (
            subject TEXT PRIMARY KEY,       -- a document id, or the key of a cited document
            doc_id TEXT,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            sentence TEXT NOT NULL,
            block_id TEXT,
            by_doc_id TEXT,
            since TEXT,
            kind TEXT,
            amended_by TEXT NOT NULL,       -- JSON list
            pending TEXT,
            computed_on TEXT NOT NULL       -- the date the status was derived for
        )""",
        """CREATE TABLE cited_docs (
            key TEXT PRIMARY KEY,
            doc_no TEXT,
            title TEXT,
            agency TEXT,
            issuer TEXT,
            doc_id TEXT,                    -- the library document it is, if any
            cite_count INTEGER NOT NULL,
            citing_docs TEXT NOT NULL       -- JSON list of document ids
        )""",
        "CREATE INDEX cited_docs_doc ON cited_docs(doc_id)",
        # Derived: every citation/relation key → what it names (a document id or a cited key).
        """CREATE TABLE ref_keys (
            key TEXT PRIMARY KEY,
            subject TEXT NOT NULL,
            canonical TEXT NOT NULL
        )""",
        "CREATE INDEX ref_keys_subject ON ref_keys(subject)",
    ],
    # 3: the parser reads other gazettes: 号-numbered issues, non-documents, publication
    # notes, estimated pages.
    [
        "ALTER TABLE issues ADD COLUMN number_unit TEXT NOT NULL DEFAULT '期'",
        "ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'document'",
        "ALTER TABLE documents ADD COLUMN disclosure TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE documents ADD COLUMN contact TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE documents ADD COLUMN pages_estimated INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE sections ADD COLUMN page_estimated INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE blocks ADD COLUMN page_estimated INTEGER NOT NULL DEFAULT 0",
    ],
    # 4: tables keep which rows stayed whole and their checks against stated totals.
    [
        "ALTER TABLE doc_tables ADD COLUMN raw_rows TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE doc_tables ADD COLUMN checks TEXT NOT NULL DEFAULT '[]'",
    ],
    # 5: each document's normalised text, its blocks' ``normalize``d texts joined by "\n"
    # (never in a normalised text), with the block ids in the same order: search verifies
    # the documents it shows on it and keeps no text in memory. The 文号 parts are searched
    # by key (许政〔2023〕 → agency, year). ``gazette_normalize`` is
    # ``core.textmatch.normalize``, registered on every connection.
    [
        """CREATE TABLE doc_norms (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            norm TEXT NOT NULL,
            block_ids TEXT NOT NULL
        )""",
        """INSERT INTO doc_norms(doc_id, norm, block_ids)
           SELECT doc_id, group_concat(n, char(10)), group_concat(id, char(10))
           FROM (SELECT doc_id, id, gazette_normalize(text) AS n FROM blocks
                 ORDER BY doc_id, ord)
           GROUP BY doc_id""",
        "CREATE INDEX documents_doc_no_parts ON documents(doc_no_agency, doc_no_year)",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
