from .calls import clinician_kpis, clinician_kpis_csv, service_kpis, service_kpis_csv, upload
from .kpis import contract, contract_csv, kpi_csv, kpi_list
from .landing import index

__all__ = ["clinician_kpis", "clinician_kpis_csv", "contract", "contract_csv", "index", "kpi_csv", "kpi_list",
           "service_kpis", "service_kpis_csv", "upload"]
