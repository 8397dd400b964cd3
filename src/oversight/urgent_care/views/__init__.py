from .calls import clinician_kpis, clinician_kpis_csv, service_kpis, service_kpis_csv, upload
from .kpis import contract, contract_csv, kpi_csv, kpi_list
from .landing import index
from .loads import load_job, load_job_status

__all__ = ["clinician_kpis", "clinician_kpis_csv", "contract", "contract_csv", "index", "kpi_csv", "kpi_list",
           "load_job", "load_job_status", "service_kpis", "service_kpis_csv", "upload"]
