"""Board reports: one report model from the partnership's data, rendered as HTML, PDF, DOCX and XLSX."""
