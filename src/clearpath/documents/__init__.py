"""Court papers: petitions, proposed orders, declarations, DA batch motions and letters (PDF)."""
