/**
 * The contract's short lists of allowed exceptions, each with its reason. An entry here must say why
 * the chart's behaviour is fine for a real install; anything not listed fails the check.
 */
import { OptionalReason } from "./rules";
import { MutationAllowance } from "./mutation";

/** Repository prefixes of W&B's own images (rule c); a mirror's prefix is added per stack. */
export const WANDB_IMAGE_PREFIXES: readonly string[] = ["wandb/", "docker.io/wandb/", "us-docker.pkg.dev/wandb-production/"];

/** Optional Secret references that find nothing, and why that is fine (rule a). */
export const OPTIONAL_SECRET_REASONS: readonly OptionalReason[] = [];

/** Values of the W&B custom resource the chart may leave unread (rule b). */
export const PLATFORM_MUTATION_ALLOWANCES: readonly MutationAllowance[] = [];

/** Values of the operator chart release the chart may leave unread (rule b). */
export const OPERATOR_MUTATION_ALLOWANCES: readonly MutationAllowance[] = [];
