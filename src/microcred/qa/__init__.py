"""Quality assurance of micro-credentials (issue 15 items 1-2): the review checklist derived
from the EU principles and ESG Part 1 (:mod:`.checklist`), and the QA plan's indicators with
their targets and traffic lights (:mod:`.indicators`). Framework-free; the web layer stores the
answers, counts the data and words the codes."""
