"""Seed notebook 003: requires_grad_, no_grad (block, decorator, nesting), detach, Variable.

Cells are kept in order; bare expressions the notebook displayed are printed.
Fixes so that it runs: the graphviz/IPython cells are dropped (a later feature
draws the graph); `next_h.backward()` on a non-scalar raises in PyTorch, so the
error is printed.
"""
# PyTorch autograd functions
import torch

torch.manual_seed(0)

torch.set_default_dtype(torch.float32)
print(torch.get_default_dtype())

tensor1 = torch.tensor([[1, 2, 3],
                         [4, 5, 6]], dtype=torch.float32)
print(tensor1)

tensor2 = torch.tensor([[10, 20, 30],
                        [40, 50, 60]], dtype=torch.float32)
print(tensor2)

print(tensor1.requires_grad)

print(tensor2.requires_grad)

# Every tensor has a requires_grad property; when True, PyTorch tracks its
# computations in the forward pass and computes gradients in the backward pass.
# requires_grad_() sets it to True in place.

print(tensor1.requires_grad_()) # Updates the requires grad property IN-Place

print(tensor1.requires_grad) # check

print(tensor2.requires_grad) # still False

# Tensors and functions make up the DAG, the directed acyclic computation graph.

print(tensor1.grad) # no gradients have been calculated

print(tensor1.grad_fn) # the computational tree is empty

# Tensors are the nodes of the graph and functions the transformations along
# its edges. A first simple computation graph:

output_tensor = tensor1 * tensor2
print(output_tensor)

# requires_grad of a result follows its inputs: tensor1 requires grad.

print(output_tensor.requires_grad)

# The result's grad is None: no backward pass has run.

print(output_tensor.grad)

print(output_tensor.grad_fn) # multiplication based tensor

print(tensor1.grad_fn)
print(tensor2.grad_fn)

# Different operation:

output_tensor = (tensor1 * tensor2).mean()
print(output_tensor.grad_fn) # grad_fn references the last function

print(tensor1.grad) # only when backward function is called on an output

output_tensor.backward() # partial derivatives now calculated

print(tensor1.grad)

# Gradients are partial derivatives w.r.t. every value of tensor1: same shapes.

print((tensor1.grad.shape, tensor1.shape))

print(tensor2.grad) # none calculated, required_grad was False

print(output_tensor.grad) # this is the value wrt the partial derivatives are calculated so it doesn't have gradients

# requires_grad is propagated from input tensors to result tensors.

new_tensor = tensor1 * 3
print(new_tensor.requires_grad)

with torch.no_grad(): # to stop autograd to stop computations with tracking hist off
    new_tensor = tensor1 * 3
    print('new tensor = ', new_tensor)
    print('requires_grad for tensor = ', tensor1.requires_grad)
    print('requires_grad for tensor1 = ', tensor2.requires_grad)
    print('requires_grad for new_tensor = ', new_tensor.requires_grad)

# Under no_grad the result does not require grad even though tensor1 does.

def calculate(t):
    return t * 2

@torch.no_grad()
def calculate_with_no_grad(t):
    return t * 2

result_tensor = calculate(tensor1)
print(result_tensor) # grad function is MulBackward0 because it was created using a multiplication operation

print(result_tensor.requires_grad)

# Calc teh result tensor but with no_grad decorator
# @torch.no_grad()
result_tensor_no_grad = calculate_with_no_grad(tensor1)
print(result_tensor_no_grad) # does not keep track

print(result_tensor_no_grad.requires_grad)

# enable_grad turns tracking back on inside an outer no_grad block.

with torch.no_grad():
    new_tensor_no_grad = tensor1 * 3
    print('new_tensor_no_grad = ', new_tensor_no_grad)

    with torch.enable_grad():
        new_tensor_grad = tensor1 * 3
        print('new_tensor_grad = ', new_tensor_grad)

# If ANY input requires grad, the computed tensors do as well.

tensor_one = torch.tensor([[1.0, 2.0],
                           [3.0, 4.0]], requires_grad=True)
print(tensor_one)

# Another tensor: requires_grad is False by default.

tensor_two = torch.Tensor([[5, 6],
                           [7, 8]])
print(tensor_two)

print((tensor_one.requires_grad, tensor_two.requires_grad))

print(tensor_two.requires_grad_())

print((tensor_one.requires_grad, tensor_two.requires_grad))

final_tensor = (tensor_one + tensor_two).mean()
print(final_tensor)

# Only the forward pass has run so far: no gradients yet.

final_tensor.backward()

print(tensor_one.grad)

print(tensor_two.grad)

# detach() takes a tensor out of the graph; the detached tensor always has
# requires_grad=False.

detached_tensor = tensor_one.detach()
print(detached_tensor)

# Let's use these in a computation
mean_tensor = (tensor_one + detached_tensor).mean()
mean_tensor.backward()

print(tensor_one.grad)

mean_tensor.backward()

print(tensor_one.grad)

print(detached_tensor.grad) # none calculated

# Variable API: deprecated, no longer needed for autograd (grad, grad_fn, ...
# now live on Tensor), but still usable.

import torch
from torch.autograd import Variable

var = Variable(torch.FloatTensor([9]))
print((var, var.requires_grad))

print(var.requires_grad_())

w1 = Variable(torch.FloatTensor([3]), requires_grad=True)
w2 = Variable(torch.FloatTensor([10]), requires_grad=True)
print(w1)
print(w2)

result_var = var * w1
print(result_var) # this is also a `tensor`

print(result_var.requires_grad)

# backward() works the same way: gradients for every input with requires_grad.

result_var.backward()

# w1.grad holds d(result_var)/d(w1); w2 took no part, so it has no grad; var has one too.

print((w1.grad, w2.grad, var.grad))

print(w2.grad)

# Backpropagation: building graphs dynamically.
# The graphviz/IPython cells that drew the x/h -> z graph are dropped: a later
# feature draws the graph.

x = torch.rand(1, 10, requires_grad=True)
prev_h = torch.rand(1, 20)
W_h = torch.rand(20, 20)
W_x = torch.rand(20, 10)

i2h = torch.mm(W_x, x.t())
h2h = torch.mm(W_h, prev_h.t())
next_h = i2h + h2h
next_h = next_h.tanh()

print(x.requires_grad)

print(next_h.requires_grad)

try:
    next_h.backward()   # raises: next_h is not a scalar
except Exception as e:
    print(type(e).__name__ + ': ' + str(e).split('\n')[0])

print(2.95/2700)
