"""Seed notebook 000: autograd notes from the 60-minute blitz, as a script.

Cells are kept in order. Fixes so that it runs: `vec` was commented out but used
(defined again); the last cell passes a bare tensor to `optim.SGD`, which raises
in PyTorch, so the error is printed.
"""
# Autograd: automatic differentiation for all operations on tensors. It is
# define-by-run: backprop is defined by how the code runs, so every iteration
# can differ. `.requires_grad=True` tracks operations; `.backward()` accumulates
# gradients into `.grad`; `.detach()` or `with torch.no_grad():` stop tracking.
# Every tensor produced by an operation has a `.grad_fn` (None for user-created
# tensors).
import torch

torch.manual_seed(0)

x = torch.ones(2, 2, requires_grad=True)              # start tracking computation
print(x)

y = x + 2
print(y)

z = y * y * 3
out = z.mean()
print(z, out)

out.backward()   # dout/dx
print(x.grad)

# out = 1/4 * sum_i z_i, z_i = 3(x_i + 2)^2, so dout/dx_i = 3/2 (x_i + 2) = 4.5 at x_i = 1.

print(y.grad)    # will throw an error

# Ways to disable gradient computation

print(x.requires_grad)

with torch.no_grad():
    print((x+2).requires_grad)

y = x.detach()
print(y.requires_grad)

x.requires_grad_(False)
print(x.requires_grad)

# Reference: https://pytorch.org/tutorials/beginner/deep_learning_60min_blitz.html

# grads can be created only for scalar outputs
x = torch.randn(2, 5, requires_grad=True)
y = x + 2
z = y * y * 2
vec = torch.randn(2, 5)            # needed for jacobian product
z.backward(vec)                    # z is not a scalar
print(x.grad)

# grads need to be reset every iteration as they get summed up

weights = torch.ones(3, requires_grad=True)
EPOCHS = 3

for epoch in range(EPOCHS):
    output = (weights * 3).sum() # grad of x * 3 = 3
    output.backward()

    print(weights.grad)
    #weights.grad.zero_()

# If you are using optimizer even then you need to make the grads 0 using below function

try:
    optimizer = torch.optim.SGD(weights, lr=0.1)   # raises: params must be an iterable
    optimizer.step()
    optimizer.zero_grad()
except Exception as e:
    print(type(e).__name__ + ': ' + str(e).split('\n')[0])
# the optimizer was never built, so the accumulated grads were not reset
print(weights.grad)
