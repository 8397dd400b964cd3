from .landing import index
from .productivity import productivity_csv, productivity_page, shift_import, shift_list, shift_new
from .record import my_record, record, record_csv
from .results import results, results_csv

__all__ = ["index", "my_record", "productivity_csv", "productivity_page", "record", "record_csv", "results",
           "results_csv", "shift_import", "shift_list", "shift_new"]
