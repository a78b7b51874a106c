"""RAP sheet text: the reader (``parse_rap_sheet``) and the writer (``write_rap_sheet``).

``parser`` documents how a sheet maps to record format v1, ``writer`` what the format can and cannot carry,
``ocr_repair`` which OCR confusions are repaired, and ``counties`` how a courthouse names its county.
"""

from clearpath.readers.rapsheet.parser import RapSheetResult, parse_rap_sheet
from clearpath.readers.rapsheet.writer import carried_facts, write_rap_sheet

__all__ = ["RapSheetResult", "carried_facts", "parse_rap_sheet", "write_rap_sheet"]
