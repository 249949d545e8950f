/* SWIG interface of retrykit's policy: C bindings, for embedding. */
%module retrykit

%{
#include "retrykit.h"
%}

#include <stdint.h>

typedef struct retry_policy retry_policy;

retry_policy *retry_policy_new(uint32_t attempts,
                               double backoff_seconds);

void retry_policy_free(retry_policy *policy);

/* How long to wait before attempt `n`, in seconds. */
double retry_policy_delay(const retry_policy *policy, uint32_t n);
