/* C bindings of retrykit's policy, for embedding. */
#ifndef RETRYKIT_H
#define RETRYKIT_H

#include <stdint.h>

typedef struct retry_policy retry_policy;

retry_policy *retry_policy_new(uint32_t attempts,
                               double backoff_seconds);

void retry_policy_free(retry_policy *policy);

/* How long to wait before attempt `n`, in seconds. */
double retry_policy_delay(const retry_policy *policy, uint32_t n);

#endif
