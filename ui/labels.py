"""Readable words for the stored values, and the help text that says why each input matters.

The scenario stores enum values (`results_only`); people read labels ("Results only"). Help
texts are keyed by the scenario path of the input they explain, so every page that draws an
input of the scenario explains it the same way.
"""

from __future__ import annotations

from scoring.catalog import default_catalog
from scoring.model.vocabulary import HYBRID_PATTERN_LABELS

# The answers' readable words are domain vocabulary (scoring.model.vocabulary): the record uses them
# too. Only the choices the pages add live here.
HYBRID_PATTERN = {"auto": "Automatic", **HYBRID_PATTERN_LABELS}
AUTO_DEVICE = "Automatic: cheapest that fits"
AUTO_LOCAL_MODEL = "Automatic: largest smaller size of the same family"
PLACEMENT = {
    "auto": "Automatic: the cheaper that meets the requirements",
    "in_device": "In each device",
    "site_server": "On a server at each site",
}
LATENCY_APPLIES_TO = {
    "whole_response": "The whole response",
    "first_token": "The first token (answer streamed)",
}
DEVICE_OWNER = {
    "operator": "We do: bought, installed and powered by us",
    "customers": "Our customers: consumer devices they own",
}

HELP: dict[str, str] = {
    # The eight questions
    "requirements.max_latency_ms": (
        "The p95 end-to-end time from request to answer that the product can accept. A cloud "
        "call adds a network round trip and the payload transfer to the inference time; an "
        "option that cannot stay under this limit is ruled out."
    ),
    "requirements.offline": (
        "Cloud-only cannot meet 'required': the product stops when the link does. 'Preferred' "
        "counts in favour of options that keep working locally."
    ),
    "requirements.data_leaving": (
        "The most revealing data that may leave the device or the organisation. Any option "
        "that would send more than this is ruled out; e.g. cloud inference on images needs the "
        "raw images unless they are anonymised first."
    ),
    "requirements.data_sensitivity": (
        "How much harm a leak would do. The more sensitive the data, the more the privacy "
        "criterion weighs in the score."
    ),
    "requirements.model_updates_per_year": (
        "Every update must be validated and rolled out to each device at the edge; in the "
        "cloud it is one deployment. Frequent updates favour the cloud."
    ),
    "requirements.devices": (
        "Devices that produce the requests and could run the model themselves (cameras, "
        "robots, speakers, PCs). Edge hardware, installation and operations effort grow with "
        "the devices that run a model."
    ),
    "requirements.sites": (
        "Places the devices are spread over (plants, offices, stores). A server at each site "
        "can serve its devices over the local network instead of a unit in every device; "
        "per-site costs (connection, visits) count sites. Empty: each device is its own site."
    ),
    "requirements.latency_applies_to": (
        "For an LLM whose answer is streamed, users wait for the first token, not the whole "
        "response: the limit can apply to either. Other kinds return one response."
    ),
    "requirements.demand": (
        "Cloud services scale with demand and bill per use; edge hardware is sized for the "
        "peak and sits idle the rest of the time."
    ),
    "requirements.failure_mode": (
        "What must happen when the cloud or a device fails. A safety-critical function cannot "
        "depend on a network link or a cloud region; 'can wait' tolerates queueing."
    ),
    "requirements.quality_measurement": (
        "A model nobody measures drifts unnoticed. At the edge, samples must be collected back "
        "from the devices; write down how you will know the model still works."
    ),
    # Workload and model
    "workload.kind": (
        "Sets how inference time is estimated; for LLMs also token pricing and the memory "
        "the KV cache needs on a device."
    ),
    "workload.requests_per_month": (
        "All devices together, at month 1. Drives cloud usage cost and the size of the edge fleet."
    ),
    "workload.growth_pct_per_month": (
        "Compound monthly growth of the volume. Growth moves the break-even month between "
        "pay-per-use and owned hardware."
    ),
    "workload.peak_to_average": (
        "Peak request rate divided by the average rate. Edge hardware and GPU instances are "
        "sized for the peak; per-use pricing is not."
    ),
    "workload.input_kb": (
        "Sent per request when inference runs in the cloud: transfer time adds latency and "
        "the volume adds data cost."
    ),
    "workload.output_kb": "Returned per request: adds download time and cloud egress cost.",
    "workload.image_megapixels": (
        "Pixels of each image the model processes (1920 x 1080 = 2.07 MP). Vision compute and "
        "pre-processing grow with it. Empty: derived from the input size at the catalog's "
        "JPEG bits per pixel."
    ),
    "workload.audio_seconds": (
        "Seconds of audio per request. Speech compute grows with it (30 s encoder windows, "
        "then about 3 transcript tokens a second). Empty: derived from the input size at the "
        "catalog's audio bitrate."
    ),
    "model.gflops": (
        "Operations per inference at your input size, as published for the model (GFLOP, a "
        "multiply-add counts 2). Empty: estimated from the parameters and the input size; "
        "architectures differ up to threefold, so give it when you know it."
    ),
    "workload.tokens_in": (
        "Prompt tokens per request (LLM only): billed by hosted APIs and held in the KV cache "
        "on a device."
    ),
    "workload.tokens_out": (
        "Generated tokens per request (LLM only): billed by hosted APIs and bound by memory "
        "bandwidth on a device."
    ),
    "model.params_billion": (
        "Model size in billions of parameters (0.011 = 11 million). With the precision it "
        "sets the memory the device needs and the inference time."
    ),
    "model.precision": (
        "Weight precision on the device. Quantising (int8, int4) lets bigger models fit and "
        "run faster, usually at a small cost in quality. Quantised weights carry their scales: "
        "int4 is sized as llama.cpp's Q4_K_M (formats.int4.bits_per_weight, an assumption "
        "you can override)."
    ),
    "horizon_months": (
        "Months over which costs are projected. Edge hardware is bought up front, so a short "
        "horizon favours the cloud."
    ),
    # Deployment options
    "edge.device": (
        "The hardware at each site. Automatic picks the cheapest catalog device that fits the "
        "model, meets the latency limit and carries the peak load."
    ),
    "edge.placement": (
        "Where the edge model runs: in each device (no network hop, one unit per device) or on "
        "servers at each site that serve the site's devices over the local network (fewer, "
        "larger units). Automatic takes the cheaper that meets every requirement."
    ),
    "network.profile": (
        "The link between the sites and the cloud region: its round trip and bandwidth add "
        "latency, its availability limits the cloud path's uptime."
    ),
    "cloud.pricing": (
        "How the cloud option is billed: per token (hosted LLM API), per request (serverless "
        "GPU, per second of work) or per GPU-hour (instances sized for the peak)."
    ),
    "cloud.llm_model": (
        "The hosted LLM whose per-token prices and speed the cloud option uses. Model "
        "capability reads the size its maker publishes; a model whose size is not published "
        "is scored as the provider's large model."
    ),
    "cloud.serverless_gpu": "The serverless GPU whose per-second price the cloud option uses.",
    "cloud.gpu_instance": "The GPU instance type rented for the cloud option, per hour.",
    "hybrid.pattern": (
        "How edge and cloud share the work. Automatic: every pattern that fits the workload is "
        "scored like an option and the best feasible one is shown (the Recommendation page "
        "lists them all)."
    ),
    "requirements.results_needed_centrally": (
        "Dashboards, fleet-wide trends or central quality checks need the results in one place. "
        "Pure edge sends nothing off site, so it is ruled out; a hybrid that reports results "
        "from the device meets the need."
    ),
    "edge.devices_owned_by": (
        "Company-owned devices are bought, installed, powered and replaced by you. Consumer "
        "devices (speakers, phones) belong to your customers: you pay only the on-device AI "
        "uplift per unit, the over-the-air updates and the engineers."
    ),
    "hybrid.local_model": (
        "The published model that answers on the device in the 'escalate hard cases' pattern; "
        "the full model answers only the escalated share, in the cloud. Automatic: the largest "
        "smaller size of the full model's family that a device runs with 20 % of its memory "
        "to spare, else a tenth of the full model."
    ),
    "hybrid.local_params_billion": (
        "Size of the small model on the device for the 'escalate hard cases' and 'anonymise' "
        "patterns; overrides the local model above. Empty: the local model's size for "
        "escalation, about 0.11 B for an anonymiser."
    ),
    "hybrid.escalation_share": (
        "Share of requests the small local model cannot handle and sends to the cloud. Used "
        "by the 'escalate hard cases' pattern."
    ),
    "name": "A short name; it becomes the title of the decision record and the file name.",
    "description": "One or two sentences on what the model does and for whom.",
}

# The label of the catalog service the cloud option uses under each pricing (CLOUD_SERVICES).
CLOUD_SERVICE_LABELS: dict[str, str] = {
    "per_token": "Hosted LLM",
    "per_request": "Serverless GPU",
    "gpu_hour": "GPU instance",
}


def catalog_names(table: str) -> dict[str, str]:
    """Entry id -> readable name for one catalog table, in catalog order. A hosted model that
    is retired, or has a shutdown date, says so in its name so nobody picks it unawares."""
    catalog = default_catalog()
    names = {entry: catalog.attributes[(table, entry)]["name"] for entry in catalog.ids(table)}
    if table == "llm_models":
        for model in catalog.all("llm_models"):
            if model.retirement_date is not None:
                status = "retired" if model.retired() else "retires"
                names[model.id] += f" ({status} {model.retired_on})"
    return names
