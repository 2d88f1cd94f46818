"""Seed notebook 001: leaf nodes, vector-Jacobian products and emptying gradients.

Cells are kept in order; bare expressions the notebook displayed are printed.
Fix so that it runs: `t3.backward()` on a non-scalar raises in PyTorch, so the
error is printed.
"""
# Set `requires_grad=True` on every tensor whose gradient should be tracked.
import torch
import numpy

torch.manual_seed(0)

t1 = torch.randn(5, requires_grad=True) #random normal
print(t1)

t2 = t1 + 2
print(t2)

# PyTorch records t2's parents (t1 and 2) and its operator (+), like micrograd:
# that is the `grad_fn=<AddBackward0>` in the output above.

t3 = 2*t2**2
print(t3)

# For t3 the operator is * with parents t2, t2, hence `grad_fn=<MulBackward0>`.

t4 = t3.mean()
print(t4)

t4.backward() #calling backward method on final variable set the gradient for all vraibles before.

print('t1.grad = ', t1.grad)
print('t2.grad = ', t2.grad)
print('t3.grad = ', t3.grad)
print('t4.grad = ', t4.grad) #expected to be 1 since d(t4)/d(t4) = 1

# Gradients are stored only for leaf nodes by default. A leaf is a tensor that
# the user created (not the result of an operation) and that has
# requires_grad=True. Intermediate gradients are rarely needed; get them with
# t2.retain_grad() or torch.autograd.grad(t4, t2).

# consider the following case:

t1 = torch.randn(3, requires_grad=True)
t2 = t1 + 2
t3 = 2 * t2 ** 2

try:
    t3.backward()   # raises: t3 is not a scalar
except Exception as e:
    print(type(e).__name__ + ': ' + str(e).split('\n')[0])

# backward() needs a scalar output, or an explicit "gradient vector" v of the
# output's shape: it computes the vector-Jacobian product (dt3/dt1)^T . v
# without building the full Jacobian.

# instead

v = torch.ones(t3.shape[0])

t3.backward(v)

# .grad attribute stores the gradient
print(t1.grad)

# Emptying gradients: use `tensor.grad.zero_()`.

# backward() accumulates the gradient for this tensor into .grad attribute.
# !!! We need to be careful during optimization !!!
# Use .zero_() to empty the gradients before a new optimization step!
weights = torch.ones(4, requires_grad=True)

for epoch in range(2):
    # just a dummy example
    model_output = (weights*3).sum()
    model_output.backward()

    print(weights.grad)

    # optimize model, i.e. adjust weights...
    with torch.no_grad():
        weights -= 0.1 * weights.grad

    # this is important! It affects the final weights & output
    weights.grad.zero_()

print(weights)
print(model_output)
