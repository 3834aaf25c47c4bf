/**
 * Labels this package puts on the W&B custom resource so tools that only see resources (the policy
 * pack, `kubectl`) know how the instance was meant to run. No imports: the policy pack loads this file.
 */
export const ENVIRONMENT_LABEL = "wandb.pulumi.com/environment";
/** The product mix (`models`, `weave`, `models-and-weave`). */
export const PRODUCTS_LABEL = "wandb.pulumi.com/products";
/** The stack tag policies read the environment from when their config does not set it. */
export const ENVIRONMENT_STACK_TAG = "wandb:environment";
