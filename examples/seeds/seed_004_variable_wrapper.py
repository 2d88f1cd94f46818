"""Seed notebook 004: the old Variable wrapper, `y = x` aliasing, and a mean's backward.

Cells are kept in order.
"""
# Autograd provides automatic differentiation for all operations on tensors; it
# is define-by-run, so every iteration can be different.
import torch
from torch.autograd import Variable

torch.manual_seed(0)

# Variable (torch.autograd) used to carry .requires_grad / .grad; since 0.4.0
# it is merged into Tensor and Variable(t) just returns a tensor.
# Old: x = Variable(torch.ones(2, 2), requires_grad=True)
# New: x = torch.ones(2, 2, requires_grad=True)
x_data = torch.ones(2,2)
x = Variable(x_data, requires_grad=True)
print(x)
print(x.grad)

y = x
print(y)
print(y.grad)
print(y.requires_grad)

z = y * y * 3
print(z)

out = z.mean()
print(out)

# Gradients: call .backward(), then read .grad of the parameters.
out.backward()

# print gradients d(out)/dx
print(x.grad)
print(y.grad)
print(z.grad)
