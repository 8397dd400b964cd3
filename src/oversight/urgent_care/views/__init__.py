from .kpis import contract, contract_csv, kpi_csv, kpi_list
from .landing import index

__all__ = ["contract", "contract_csv", "index", "kpi_csv", "kpi_list"]
