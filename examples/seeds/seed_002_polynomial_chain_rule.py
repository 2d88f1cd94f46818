"""Seed notebook 002: a polynomial's derivative, the chain rule on a matrix, RNN-cell grads.

Cells are kept in order; bare expressions the notebook displayed are printed.
"""
# When a tensor has requires_grad=True, autograd tracks every operation on it;
# `.backward()` then computes all gradients and accumulates them into `.grad`.
#
# Back-propagation on one step:
#   y  = 2x^4 + x^3 + 3x^2 + 5x + 1
#   y' = 8x^3 + 3x^2 + 6x + 5

# Step 1. Perform standard imports
import torch

torch.manual_seed(0)

# Step 2. Create a tensor with requires_grad set to True
x = torch.tensor(2.0, requires_grad=True)
print(x)
print(x.grad) # gradient has not yet been computed

# Step 3. Define a function
y = 2*x**4 + x**3 + 3*x**2 + 5*x + 1

print(y)

# y was created by an operation, so it has a gradient function.
print(y.grad_fn)

# y = 2(2)^4 + (2)^3 + 3(2)^2 + 5(2) + 1 = 63 at x = 2.

# Step 4. Backprop
#perform backpropagation and compute all gradients
y.backward()

# Step 5. Display the resulting gradient
print(x.grad)

# y' = 8(2)^3 + 3(2)^2 + 6(2) + 5 = 93: the slope of the polynomial at (2, 63).

# Back-propagation on multiple steps: layers y and z between x and the output.

# 1. Create a tensor
x = torch.tensor([[1.,2,3],[3,2,1]], requires_grad=True)
print(x)

# 2. Create the first layer with y = 3x + 2
y = 3*x + 2
print(y)

# 3. Create the second layer with z = 2y^2
z = 2*y**2
print(z)

# 4. Set the output to be the matrix mean
out = z.mean()
print(out)

# 5. Now perform back-propagation to find the gradient of x w.r.t out
out.backward()
print(x.grad)

# By the chain rule, do/dx_i = 1/6 * 4(3x_i + 2) * 3 = 2(3x_i + 2):
# 10 at x_i = 1, 16 at x_i = 2, 22 at x_i = 3.

# Turn off tracking: reset requires_grad, wrap evaluation in
# `with torch.no_grad():`, or `.detach()` a tensor (handy when cloning).

# tests
Wh = torch.randn(3,3, requires_grad = True)
Wx = torch.randn(3,2, requires_grad = True)
h = torch.randn(1,3)
x = torch.randn(1,2)

wh2h = torch.mm(Wh,h.t())
wx2x = torch.mm(Wx,x.t())
print(wh2h)
print(wx2x)

next_h = wh2h + wx2x + 5
next_h = next_h.tanh()
print(next_h)

loss = next_h.sum()
print(loss)

# backprop
loss.backward()

# stores gradients when requires_grad = True
print(Wx.grad)
print(Wh.grad)
# does not store gradients when requires_grad = False
print(x.grad)
print(h.grad)
