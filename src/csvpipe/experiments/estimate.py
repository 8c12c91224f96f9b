"""What an AWS run will create and roughly cost, printed before asking for confirmation.

A deliberately pessimistic estimate (every invocation billed at 2 s), from the same repetition settings
the experiments use. Prices: AWS list prices (us-east-1) as of the date in ``exp_e_memory``.
"""

from __future__ import annotations

from dataclasses import dataclass

from csvpipe.experiments import (
    exp_b_end_to_end,
    exp_c_cold_start,
    exp_d_failures,
    exp_e_memory,
    exp_f_file_size,
    exp_g_parallel,
)
from csvpipe.experiments.base import Settings

RESOURCES = [
    "CloudFormation stack cx-<run id> (and cx-<run id>-a<N> per A trial, cx-<run id>-h for H)",
    "S3 data bucket (versioned, encrypted) + artifacts bucket for the Lambda zip",
    "Lambda function (python3.12, 512 MB) with async invoke config",
    "DynamoDB table (on-demand), SQS failure queue, CloudWatch log group, 2 CloudWatch alarms, IAM role",
]
S3_PUT_PER_1000 = 0.005
DYNAMODB_WRITE_PER_MILLION = 1.25
ALARM_PER_MONTH = 0.10


@dataclass(frozen=True)
class Estimate:
    invocations: int
    uploaded_bytes: int
    stacks: int
    usd: float


def estimate(settings: Settings) -> Estimate:
    reps = settings.repetitions
    invocations, uploaded, stacks = 0, 0, 1
    only = settings.only
    if "A" in only:
        stacks += reps(default=3, quick=3)
    if "B" in only:
        invocations += 2 * reps(*exp_b_end_to_end.REPS) + 1
    if "C" in only:
        invocations += 2 * reps(*exp_c_cold_start.REPS) + 2
    if "D" in only:
        invocations += len(exp_d_failures.CASES) * 3  # a failing case is attempted three times
        uploaded += 29_000_000  # the case that outgrows a 128 MB function
    if "E" in only:
        memory_sizes: tuple[int, ...] = (
            exp_e_memory.QUICK_MEMORY_SIZES if settings.quick else exp_e_memory.MEMORY_SIZES
        )
        n = len(memory_sizes) * (reps(*exp_e_memory.REPS) + 1)
        invocations += n
        uploaded += n * exp_e_memory.FILE_BYTES
    if "F" in only:
        sizes = (
            exp_f_file_size.SAFE_SIZES
            if settings.safe
            else exp_f_file_size.QUICK_SIZES
            if settings.quick
            else exp_f_file_size.SIZES
        )
        n = reps(*exp_f_file_size.REPS)
        invocations += len(sizes) * n + 1
        uploaded += sum(sizes) * n
    if "G" in only:
        levels = exp_g_parallel.QUICK_LEVELS if settings.quick else exp_g_parallel.LEVELS
        invocations += sum(levels) * reps(*exp_g_parallel.REPS)
    if "H" in only:
        stacks += 1
    lambda_usd = invocations * exp_e_memory.cost_per_invocation(512, 2.0)
    requests_usd = (
        invocations * 6 / 1000 * S3_PUT_PER_1000 + invocations * 2 / 1e6 * DYNAMODB_WRITE_PER_MILLION
    )
    alarms_usd = stacks * 2 * ALARM_PER_MONTH / 30  # prorated to a day, the most a run could keep them
    return Estimate(invocations, uploaded, stacks, round(lambda_usd + requests_usd + alarms_usd, 4))
